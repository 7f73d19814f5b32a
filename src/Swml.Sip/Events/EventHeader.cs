namespace Swml.Sip.Events;

/// <summary>An Event header (RFC 6665 §8.2.1): its package and id, e.g. "refer;id=93809824" (RFC 3515 §2.4.6).</summary>
public readonly record struct EventHeader(string Package, string? Id)
{
    public bool IsRefer => Package.Equals("refer", StringComparison.OrdinalIgnoreCase);

    public static EventHeader? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var parts = value.Split(';');
        string? id = null;
        foreach (var part in parts.Skip(1))
        {
            var pair = part.Split('=', 2);
            if (pair[0].Trim().Equals("id", StringComparison.OrdinalIgnoreCase) && pair.Length > 1)
            {
                id = pair[1].Trim();
            }
        }

        return new EventHeader(parts[0].Trim(), id);
    }
}

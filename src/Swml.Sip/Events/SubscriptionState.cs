namespace Swml.Sip.Events;

public enum SubscriptionStatus
{
    Active,
    Pending,
    Terminated,
    Unknown,
}

/// <summary>
/// A Subscription-State value (RFC 6665 §8.2.3): "active;expires=60", "terminated;reason=noresource".
/// Parsed leniently: liblinphone 5.1 sent the reason as "reason=noresource" inside the value.
/// </summary>
public readonly record struct SubscriptionState(SubscriptionStatus Status, string? Reason, int? Expires)
{
    public bool IsTerminated => Status == SubscriptionStatus.Terminated;

    public static SubscriptionState Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return new SubscriptionState(SubscriptionStatus.Unknown, null, null);
        }

        var parts = value.Split(';');
        var status = parts[0].Trim().ToLowerInvariant() switch
        {
            "active" => SubscriptionStatus.Active,
            "pending" => SubscriptionStatus.Pending,
            "terminated" => SubscriptionStatus.Terminated,
            _ => SubscriptionStatus.Unknown,
        };
        string? reason = null;
        int? expires = null;
        foreach (var part in parts.Skip(1))
        {
            var pair = part.Split('=', 2);
            var name = pair[0].Trim().ToLowerInvariant();
            var content = pair.Length > 1 ? pair[1].Trim().Trim('"') : null;
            if (name == "reason" && content is not null)
            {
                reason = content.StartsWith("reason=", StringComparison.OrdinalIgnoreCase) ? content.Substring(7) : content;
            }
            else if (name == "expires" && int.TryParse(content, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                expires = seconds;
            }
        }

        return new SubscriptionState(status, reason, expires);
    }
}

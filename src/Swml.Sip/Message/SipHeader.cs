namespace Swml.Sip.Message;

/// <summary>
/// One header field line (RFC 3261 §7.3): the name as received (compact or not, any case) and
/// the value as received, unfolded (§7.3.1) and trimmed.
/// </summary>
public readonly struct SipHeader : IEquatable<SipHeader>
{
    /// <summary>Creates a header field.</summary>
    public SipHeader(string name, string value)
    {
        Name = name;
        Value = value;
        CanonicalName = HeaderNames.Canonicalize(name);
    }

    /// <summary>A field whose canonical name is already known (the parser's and the builders').</summary>
    internal SipHeader(string name, string value, string canonicalName)
    {
        Name = name;
        Value = value;
        CanonicalName = canonicalName;
    }

    /// <summary>The name as received.</summary>
    public string Name { get; }

    /// <summary>The full, canonically spelled name (<c>v</c> and <c>VIA</c> are both <c>Via</c>).</summary>
    public string CanonicalName { get; }

    /// <summary>The value, unfolded, without leading or trailing whitespace.</summary>
    public string Value { get; }

    /// <summary>Whether this field has the name <paramref name="name"/> (any case, compact or full).</summary>
    public bool Is(string name) =>
        (object)CanonicalName == name || string.Equals(CanonicalName, HeaderNames.Canonicalize(name), StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether this field has a name already canonicalized; known names are shared constants, so most tests are one reference compare.</summary>
    internal bool IsCanonically(string canonicalName) =>
        (object)CanonicalName == canonicalName || string.Equals(CanonicalName, canonicalName, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public bool Equals(SipHeader other) =>
        string.Equals(Name, other.Name, StringComparison.Ordinal) && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SipHeader other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Value);

    /// <inheritdoc/>
    public override string ToString() => CanonicalName + ": " + Value;

#pragma warning disable CS1591
    public static bool operator ==(SipHeader left, SipHeader right) => left.Equals(right);

    public static bool operator !=(SipHeader left, SipHeader right) => !left.Equals(right);
#pragma warning restore CS1591
}

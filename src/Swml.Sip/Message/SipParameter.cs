namespace Swml.Sip.Message;

/// <summary>
/// One <c>name[=value]</c> parameter of a header field or URI (RFC 3261 §7.3.1, §19.1.1). The
/// value is kept as written: a quoted string keeps its quotes, a URI parameter its %-escapes.
/// </summary>
/// <param name="Name">The parameter name; names compare case-insensitively.</param>
/// <param name="Value">The value as written, or null for a parameter without one (<c>;lr</c>).</param>
public readonly record struct SipParameter(string Name, string? Value)
{
    /// <inheritdoc/>
    public override string ToString() => Value is null ? Name : Name + "=" + Value;
}

namespace Swml.Runtime.Calls;

/// <summary>What a sip_refer asks of the call: the Refer-To URI and digest credentials for a 401/407.</summary>
public sealed record ReferRequest(string ToUri, string? Username = null, string? Password = null)
{
    public bool HasCredentials => !string.IsNullOrEmpty(Username) && Password is not null;

    /// <summary>Never shows the password.</summary>
    public override string ToString() =>
        $"ReferRequest {{ ToUri = {ToUri}, Username = {Username ?? "(none)"}, Password = {(Password is null ? "(none)" : "***")} }}";
}

/// <summary>A step of a REFER on its way to a result: its acceptance, or a NOTIFY.</summary>
public readonly record struct ReferProgress(ReferProgressKind Kind, int Code)
{
    /// <summary>The REFER got a 2xx (usually 202): accepted, not yet successful.</summary>
    public static ReferProgress Accepted(int responseCode) => new(ReferProgressKind.Accepted, responseCode);

    /// <summary>A NOTIFY arrived whose message/sipfrag status line carries this code.</summary>
    public static ReferProgress Notified(int sipfragCode) => new(ReferProgressKind.Notified, sipfragCode);
}

public enum ReferProgressKind
{
    Accepted,
    Notified,
}

// A username and password for digest authentication (RFC 3261 §22.1, RFC 7616 §3.4).
namespace Swml.Sip.Auth;

/// <summary>
/// A username and password for digest authentication (RFC 3261 §22.4), optionally bound to one realm.
/// </summary>
/// <remarks>
/// The password is not readable from outside this library, and <see cref="ToString"/> never shows it:
/// it only ever enters a hash (RFC 7616 §5.1). Neither is HA1, which is as good as the password for
/// that realm, kept or shown anywhere.
/// </remarks>
internal sealed class DigestCredentials
{
    /// <summary>Credentials for <paramref name="realm"/>, or for any realm when it is null.</summary>
    public DigestCredentials(string username, string password, string? realm = null)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        Username = username;
        Password = password;
        Realm = realm;
    }

    /// <summary>The username (the authentication user, which may differ from the From user).</summary>
    public string Username { get; }

    /// <summary>The realm these credentials are for; null for any realm.</summary>
    public string? Realm { get; }

    internal string Password { get; }

    /// <summary>Whether these credentials may answer a challenge for <paramref name="realm"/> (compared exactly).</summary>
    public bool AppliesTo(string realm) => Realm is null || string.Equals(Realm, realm, StringComparison.Ordinal);

    /// <summary>The username and realm; never the password.</summary>
    public override string ToString() => Realm is null ? $"{Username} (any realm)" : $"{Username} (realm \"{Realm}\")";
}

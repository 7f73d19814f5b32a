// Settings of a DigestAuthenticator.
using System.Security.Cryptography;

namespace Swml.Sip.Auth;

/// <summary>Settings of a <see cref="DigestAuthenticator"/>.</summary>
internal sealed class DigestAuthenticatorOptions
{
    /// <summary>The defaults: 3 rounds, pre-emptive credentials, userhash when offered, random cnonces.</summary>
    public static DigestAuthenticatorOptions Default { get; } = new();

    /// <summary>
    /// How many authenticated retries one request may make, stale ones included (default 3). A hard
    /// cap, so that no server can keep a UAC in an authentication loop.
    /// </summary>
    public int MaxRounds { get; init; } = 3;

    /// <summary>
    /// Whether later requests carry the cached credentials before any challenge (default true), with
    /// the cached nonce and the next nc. Some PBXs hang up on an in-dialog REFER rather than challenge
    /// it (SIPSorcery #1139).
    /// </summary>
    public bool Preemptive { get; init; } = true;

    /// <summary>Whether to hash the username when a challenge offers <c>userhash=true</c> (RFC 7616 §3.4.4; default true).</summary>
    public bool AllowUserHash { get; init; } = true;

    /// <summary>
    /// Makes a client nonce; by default 128 random bits as hex (RFC 7616 §3.4: unpredictable).
    /// Tests inject fixed values.
    /// </summary>
    public Func<string> CnonceFactory { get; init; } = static () => RandomNumberGenerator.GetHexString(32, lowercase: true);
}

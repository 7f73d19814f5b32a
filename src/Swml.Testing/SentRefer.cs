using Swml.Sip.Events;

namespace Swml.Testing;

/// <summary>A REFER the flow sent, as the fake far end saw it. The password itself is never kept.</summary>
public sealed class SentRefer
{
    private readonly List<int> _challenges = new();

    // Copies what it shows and does not keep the options: they hold the password.
    internal SentRefer(int number, ReferOptions options)
    {
        Number = number;
        ToUri = options.ReferTo;
        Username = options.Username;
        PasswordOffered = options.Password is not null;
    }

    /// <summary>1 for the call's first REFER.</summary>
    public int Number { get; }

    /// <summary>The Refer-To URI.</summary>
    public string ToUri { get; }

    /// <summary>The username the flow's sip_refer offered, if any.</summary>
    public string? Username { get; }

    /// <summary>Whether the flow's sip_refer had a password (its value is not recorded).</summary>
    public bool PasswordOffered { get; }

    /// <summary>The 401/407 challenges the far end sent, in order.</summary>
    public IReadOnlyList<int> Challenges => _challenges;

    /// <summary>How many challenges were answered with credentials that the far end accepted.</summary>
    public int ChallengesMet { get; internal set; }

    /// <summary>What the call layer reported back to the flow: the REFER's status, the sipfrag codes, how it ended.</summary>
    public ReferResult? Result { get; internal set; }

    internal void Challenged(int code) => _challenges.Add(code);

    public override string ToString() =>
        $"REFER #{Number} to {ToUri} (username: {Username ?? "none"}, password: {(PasswordOffered ? "offered" : "none")}, challenges: [{string.Join(", ", _challenges)}]) -> {Result?.ToString() ?? "pending"}";
}

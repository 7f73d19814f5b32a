namespace Swml.Testing;

/// <summary>How plays behave: they finish at once unless told to take time or to fail.</summary>
public sealed class FakePlayScript
{
    private readonly Dictionary<string, string> _failures = new(StringComparer.Ordinal);

    internal TimeSpan Duration { get; private set; }

    internal string? FailAll { get; private set; }

    /// <summary>Each URL plays for this long on the test clock.</summary>
    public FakePlayScript Takes(TimeSpan perUrl)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perUrl, TimeSpan.Zero);
        Duration = perUrl;
        return this;
    }

    /// <summary>Playing this URL fails (the engine records script_error and the flow goes on).</summary>
    public FakePlayScript Fails(string url, string error = "the file could not be played")
    {
        _failures[url] = error;
        return this;
    }

    /// <summary>Every play fails.</summary>
    public FakePlayScript FailsAlways(string error = "playback is not available")
    {
        FailAll = error;
        return this;
    }

    internal string? FailureFor(string url) => FailAll ?? (_failures.TryGetValue(url, out var error) ? error : null);
}

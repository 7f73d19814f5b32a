using System.Collections.Frozen;

namespace Swml.Runtime.Media;

/// <summary>
/// The ringback tones of the country codes SWML's ring: accepts. Values are those of the ITU-T
/// "Various tones used in national networks" list (supplement to E.180), as telephony systems
/// such as Asterisk's indications.conf carry them.
/// </summary>
internal static class RingTones
{
    private static readonly FrozenDictionary<string, RingCadence> Cadences = new[]
    {
        Tone("at", [420], 1000, 5000),
        // ACIF S002 gives 413+438 for ringback; 400+450 is the tone heard from Telstra and most networks.
        Tone("au", [400, 450], 400, 200, 400, 2000),
        Tone("be", [425], 1000, 3000),
        Tone("bg", [425], 1000, 4000),
        Tone("br", [425], 1000, 4000),
        Tone("ch", [425], 1000, 4000),
        Tone("cl", [400], 1000, 3000),
        Tone("cn", [450], 1000, 4000),
        Tone("cz", [425], 1000, 4000),
        Tone("de", [425], 1000, 4000),
        Tone("dk", [425], 1000, 4000),
        Tone("ee", [425], 1000, 4000),
        Tone("es", [425], 1500, 3000),
        Tone("fi", [425], 1000, 4000),
        Tone("fr", [440], 1500, 3500),
        Tone("gr", [425], 1000, 4000),
        Tone("hu", [425], 1250, 3750),
        Tone("il", [414], 1000, 3000),
        Modulated("in", 400, 25, 400, 200, 400, 2000),
        Tone("it", [425], 1000, 4000),
        // 400 Hz modulated by 16 Hz: the warble a Japanese caller hears.
        Modulated("jp", 400, 16, 1000, 2000),
        Tone("lt", [425], 1000, 4000),
        Tone("mx", [425], 1000, 4000),
        Tone("my", [425], 400, 200, 400, 2000),
        Tone("nl", [425], 1000, 4000),
        Tone("no", [425], 1000, 4000),
        Tone("nz", [400, 450], 400, 200, 400, 2000),
        Tone("ph", [425, 480], 1000, 4000),
        Tone("pl", [425], 1000, 4000),
        Tone("pt", [425], 1000, 5000),
        Tone("ru", [425], 1000, 4000),
        Tone("se", [425], 1000, 5000),
        Modulated("sg", 425, 24, 400, 200, 400, 2000),
        Tone("th", [420], 1000, 5000),
        Tone("tw", [440, 480], 1000, 2000),
        Tone("uk", [400, 450], 400, 200, 400, 2000),
        Tone("us", [440, 480], 2000, 4000),
        Tone("ve", [425], 1000, 4000),
        // Siemens exchanges; Alcatel ones use 383+417 with the same cadence.
        Modulated("za", 400, 33, 400, 200, 400, 2000),
    }.ToFrozenDictionary(c => c.Country, StringComparer.OrdinalIgnoreCase);

    /// <summary>The country codes known, for messages and tests.</summary>
    public static IEnumerable<string> Countries => Cadences.Keys.Order(StringComparer.Ordinal);

    /// <summary>The ringback of <paramref name="country"/>, or a <see cref="PlaybackException"/> naming the codes known.</summary>
    public static RingCadence Get(string country) =>
        Cadences.TryGetValue(country, out var cadence)
            ? cadence
            : throw new PlaybackException($"ring: '{country}' is not a known country code; known are {string.Join(", ", Countries)}.");

    /// <summary>A source that rings <paramref name="country"/>'s ringback for <paramref name="duration"/>, or one cycle when it is null.</summary>
    public static ToneSource Create(string country, TimeSpan? duration)
    {
        var cadence = Get(country);
        return new ToneSource(cadence, duration ?? cadence.Cycle);
    }

    private static RingCadence Tone(string country, double[] frequencies, params int[] pattern) =>
        new(country, frequencies, 0, pattern);

    private static RingCadence Modulated(string country, double frequency, double modulation, params int[] pattern) =>
        new(country, [frequency], modulation, pattern);
}

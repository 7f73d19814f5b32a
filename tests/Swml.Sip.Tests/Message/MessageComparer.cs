using Swml.Sip.Message;

namespace Swml.Sip.Tests.Message;

/// <summary>
/// "The same values": start line (method and Request-URI, or status code and reason phrase),
/// each header field's canonical name and value in order, and the body bytes. Content-Length is
/// left out of the field list because serialization computes it; it is checked against the body.
/// </summary>
internal static class MessageComparer
{
    /// <summary>Null when both carry the same values, else what differs.</summary>
    public static string? Difference(SipMessage expected, SipMessage actual)
    {
        if (expected.StartLine != actual.StartLine)
        {
            return $"start line '{expected.StartLine}' became '{actual.StartLine}'";
        }

        if (expected is SipRequest a && actual is SipRequest b && (a.Method != b.Method || !a.RequestUri.Equals(b.RequestUri)))
        {
            return "method or Request-URI differs";
        }

        var left = Fields(expected);
        var right = Fields(actual);
        if (left.Count != right.Count)
        {
            return $"{left.Count} header fields became {right.Count}";
        }

        for (var i = 0; i < left.Count; i++)
        {
            if (left[i] != right[i])
            {
                return $"header field {i} '{left[i]}' became '{right[i]}'";
            }
        }

        if (!expected.Body.Span.SequenceEqual(actual.Body.Span))
        {
            return $"body of {expected.Body.Length} bytes became {actual.Body.Length} different bytes";
        }

        if (actual.Headers.GetFirst(HeaderNames.ContentLength) is { } length && length != actual.Body.Length.ToString())
        {
            return $"Content-Length {length} for a body of {actual.Body.Length} bytes";
        }

        return null;
    }

    public static void AssertSameValues(SipMessage expected, SipMessage actual)
    {
        var difference = Difference(expected, actual);
        Assert.True(difference is null, difference);
    }

    /// <summary>Serializes and parses again; the result must carry the same values.</summary>
    public static SipMessage AssertRoundTrips(SipMessage message)
    {
        var again = SipParser.ParseDatagram(message.ToBytes());
        Assert.True(again.IsSuccess, $"the serialized message was rejected: {again.Error}\n{message}");
        AssertSameValues(message, again.Message!);
        return again.Message!;
    }

    private static List<(string, string)> Fields(SipMessage message) =>
        message.Headers.Where(h => h.CanonicalName != HeaderNames.ContentLength).Select(h => (h.CanonicalName, h.Value)).ToList();
}

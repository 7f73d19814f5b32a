using System.Diagnostics.CodeAnalysis;
using Swml.Sip.Message;

namespace Swml.Sip.Events;

/// <summary>
/// What a REFER we received asks for, read strictly: exactly one Refer-To holding a sip:, sips: or
/// tel: URI (RFC 3515 §2.4.1), at most one well-formed Referred-By (RFC 3892 §3), and whether
/// Refer-Sub: false declines the subscription (RFC 4488 §4). Anything else is refused with a 400
/// that says what was wrong. Require was checked before, for every method (SipEndpoint, 420).
/// </summary>
internal sealed record ReceivedRefer(NameAddress ReferTo, string ReferToText, NameAddress? ReferredBy, bool DeclinesSubscription)
{
    /// <summary>The only option tag a REFER may require of us: we understand Refer-Sub (RFC 4488 §6).</summary>
    public const string NoReferSub = "norefersub";

    /// <summary>Reads a REFER; when it cannot be taken, <paramref name="rejection"/> is the response to send.</summary>
    public static bool TryRead(SipRequest request, [NotNullWhen(true)] out ReceivedRefer? refer, [NotNullWhen(false)] out SipResponse? rejection)
    {
        refer = null;
        var referTos = request.Headers.GetAll(HeaderNames.ReferTo);
        if (referTos.Count != 1)
        {
            rejection = BadRequest(request, referTos.Count == 0 ? "Missing Refer-To" : "More than one Refer-To");
            return false;
        }

        // The parser has checked the grammar of Refer-To and Referred-By; these checks guard a request made otherwise.
        var referToText = referTos[0];
        if (!NameAddress.TryParse(referToText, out var referTo) || referTo is null)
        {
            rejection = BadRequest(request, "Bad Refer-To");
            return false;
        }

        if (referTo.Uri is not (SipUri or TelUri))
        {
            rejection = BadRequest(request, "Refer-To must be a sip, sips or tel URI");
            return false;
        }

        var referredBys = request.Headers.GetAll(HeaderNames.ReferredBy);
        NameAddress? referredBy = null;
        if (referredBys.Count > 1 || (referredBys.Count == 1 && (!NameAddress.TryParse(referredBys[0], out referredBy) || referredBy is null)))
        {
            rejection = BadRequest(request, "Bad Referred-By");
            return false;
        }

        if (!TryReadReferSub(request.Headers.GetAll(HeaderNames.ReferSub), out var declines))
        {
            rejection = BadRequest(request, "Bad Refer-Sub");
            return false;
        }

        refer = new ReceivedRefer(referTo, referToText, referredBy, declines);
        rejection = null;
        return true;
    }

    /// <summary>Refer-Sub: "true" or "false", with optional parameters (RFC 4488 §3); absent means true.</summary>
    private static bool TryReadReferSub(IReadOnlyList<string> values, out bool declines)
    {
        declines = false;
        if (values.Count == 0)
        {
            return true;
        }

        if (values.Count > 1)
        {
            return false;
        }

        var value = values[0].Split(';')[0].Trim();
        declines = value.Equals("false", StringComparison.OrdinalIgnoreCase);
        return declines || value.Equals("true", StringComparison.OrdinalIgnoreCase);
    }

    private static SipResponse BadRequest(SipRequest request, string reason) => SipResponse.CreateFor(request, 400, reason);
}

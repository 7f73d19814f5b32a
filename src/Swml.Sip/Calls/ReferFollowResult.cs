using Swml.Sip.Events;

namespace Swml.Sip.Calls;

/// <summary>
/// What <see cref="IncomingRefer.FollowAsync(DialOptions?, CancellationToken)"/> did: the call to
/// the Refer-To target when it was answered, the status the attempt ended with (200, or the failure:
/// 486, 408...; null when no call was placed because the REFER had already been answered), and what
/// became of the final NOTIFY.
/// </summary>
public sealed record ReferFollowResult(SipCall? Call, int? StatusCode, ReferNotifyResult FinalNotify);

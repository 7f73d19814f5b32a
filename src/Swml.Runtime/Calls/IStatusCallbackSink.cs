using System.Text.Json.Nodes;

namespace Swml.Runtime.Calls;

/// <summary>
/// Where status callbacks (status_url POSTs) go. <see cref="Post"/> must return at once: delivery
/// happens elsewhere and never blocks the flow. Callbacks of one call are delivered in the order
/// they were posted.
/// </summary>
public interface IStatusCallbackSink
{
    /// <param name="callId">The call the callback belongs to; order is kept per call.</param>
    /// <param name="url">The status_url (may carry user:password@ for Basic auth).</param>
    /// <param name="body">The JSON body; the sink may keep it, so the caller must not change it afterwards.</param>
    void Post(string callId, string url, JsonObject body);
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Swml.Runtime.Calls;

/// <summary>Settings of one <see cref="CallStepHandler"/>, that is of one run of a flow on one call.</summary>
public sealed class CallStepHandlerOptions
{
    /// <summary>Names the run in callbacks' event_channel ("swml:&lt;run id&gt;"); a new GUID when null.</summary>
    public string? RunId { get; init; }

    /// <summary>The clock of callback timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>How long an execute or transfer URL may take to answer with a document.</summary>
    public TimeSpan DocumentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest document an execute or transfer URL may answer with; a larger one is refused before it is parsed.</summary>
    public int MaxDocumentBytes { get; init; } = 1024 * 1024;

    /// <summary>How long a sip_refer waits for the first NOTIFY once its REFER is accepted (RFC 3515 allows 64*T1).</summary>
    public TimeSpan ReferFirstNotifyTimeout { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>How long a sip_refer waits for the final NOTIFY once its REFER is accepted: the transfer's call has to be answered by then.</summary>
    public TimeSpan ReferFinalNotifyTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Methods the application runs itself, one handler per method; they take precedence over the runtime's own.</summary>
    public IReadOnlyList<IMethodHandler> MethodHandlers { get; init; } = Array.Empty<IMethodHandler>();
}

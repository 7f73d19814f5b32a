using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Swml.Runtime.Calls;

namespace Swml.Benchmarks;

/// <summary>
/// What the callback outbox adds to each status callback: a row recorded before the first attempt
/// and settled after the 2xx, in a SQLite file (WAL, synchronous=NORMAL, exclusive), as
/// <c>swml run --outbox</c> does; on the thread that posts it (queueing only) and in all (the
/// outbox's writer, alone or batching). The baseline is what every callback costs anyway before it
/// is queued: its body serialized to UTF-8 JSON.
/// </summary>
[MemoryDiagnoser]
public class OutboxBenchmarks
{
    private static readonly JsonObject Body = new()
    {
        ["event_type"] = "calling.call.refer",
        ["event_channel"] = "swml:5f0b6a1c-0d0e-4a43-9a49-0f7f4c3c2b11",
        ["timestamp"] = 1796512983.120855,
        ["project_id"] = "project-1",
        ["space_id"] = "space-1",
        ["params"] = new JsonObject
        {
            ["call_id"] = "5f0b6a1c-0d0e-4a43-9a49-0f7f4c3c2b11",
            ["node_id"] = "node-a",
            ["segment_id"] = "0b1e0f39-53a5-4b59-8e0b-2b6d3c6a2f10",
            ["state"] = "inProgress",
            ["sip_refer_to"] = "sip:support@example.com",
            ["sip_refer_response_code"] = "202",
            ["sip_notify_response_code"] = null,
        },
    };

    private readonly byte[] _bytes = JsonSerializer.SerializeToUtf8Bytes(Body);
    private string _folder = string.Empty;
    private CallbackOutbox _outbox = null!;
    private long _next;

    [GlobalSetup]
    public void Open()
    {
        _folder = Directory.CreateTempSubdirectory("swml-outbox-bench").FullName;
        _outbox = CallbackOutbox.Open(new CallbackOutboxOptions { Path = Path.Combine(_folder, "callbacks.db"), MaxPending = int.MaxValue });
    }

    [GlobalCleanup]
    public void Close()
    {
        _outbox.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private const int Callbacks = 1_000;

    [Benchmark(Baseline = true, Description = "serialize a callback body (every callback)")]
    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(Body);

    /// <summary>The posting thread's share: queue the record and, later, the settle; the writer's work is left to the cleanup.</summary>
    [Benchmark(OperationsPerInvoke = Callbacks, Description = "queue a record and its settle (posting thread)")]
    public void Queue()
    {
        for (var i = 0; i < Callbacks; i++)
        {
            var id = NextId();
            _ = _outbox.RecordAsync(id, CallId, Url, _bytes);
            _outbox.MarkDelivered(id);
        }
    }

    [IterationCleanup(Target = nameof(Queue))]
    public void WriteQueued() => _outbox.Flush();

    /// <summary>A busy node: many callbacks at once, each recorded and settled, until all are on disk (the writer batches them).</summary>
    [Benchmark(OperationsPerInvoke = Callbacks, Description = "record and settle 1,000 callbacks, all on disk")]
    public void Burst()
    {
        for (var i = 0; i < Callbacks; i++)
        {
            var id = NextId();
            _ = _outbox.RecordAsync(id, CallId, Url, _bytes);
            _outbox.MarkDelivered(id);
        }

        _outbox.Flush();
    }

    /// <summary>A quiet node: one callback at a time, its record on disk before its settle, as a first attempt waits for it.</summary>
    [Benchmark(Description = "record, wait, settle, wait: one callback alone")]
    public void Alone()
    {
        var id = NextId();
        _outbox.RecordAsync(id, CallId, Url, _bytes).GetAwaiter().GetResult();
        _outbox.MarkDelivered(id);
        _outbox.Flush();
    }

    private const string CallId = "5f0b6a1c-0d0e-4a43-9a49-0f7f4c3c2b11";
    private const string Url = "https://example.com/status";

    private string NextId() => "msg_" + (++_next).ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
}

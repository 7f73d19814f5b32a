using System.Text;
using Microsoft.Extensions.Time.Testing;
using Swml.Runtime.Calls;

namespace Swml.Runtime.Tests.Outbox;

/// <summary>
/// The callback outbox across crashes: a crash is the files as they stand at that instant, copied
/// while the outbox is still open (what a SIGKILL leaves), and opened again as the next run would.
/// </summary>
public sealed class CallbackOutboxTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("swml-outbox-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));

    private string PathOf(string name) => System.IO.Path.Combine(_folder, name);

    private CallbackOutbox Open(string name = "outbox.db", int maxPending = 100) =>
        CallbackOutbox.Open(new CallbackOutboxOptions { Path = PathOf(name), MaxPending = maxPending }, _time);

    /// <summary>
    /// The outbox's files as a process killed now leaves them, under another name: once what was
    /// queued is written (a change still queued at a crash is lost with the process, as are the call
    /// and its flow).
    /// </summary>
    private string Crash(CallbackOutbox outbox, string name = "outbox.db")
    {
        outbox.Flush();
        return Path.GetFileName(Swml.Tests.Outbox.CrashedFiles.Copy(PathOf(name)));
    }

    private static byte[] Body(string state) => Encoding.UTF8.GetBytes("{\"event_type\":\"calling.call.refer\",\"params\":{\"state\":\"" + state + "\"}}");

    [Fact]
    public async Task AnEventRecordedButNotDeliveredWhenTheNodeDiesIsThereAtTheNextStart()
    {
        using var outbox = Open();
        Assert.True(await outbox.RecordAsync("msg_1", "call-1", "https://user:pw@example.com/status", Body("inProgress")));

        using var next = Open(Crash(outbox));
        var entry = Assert.Single(next.Unsettled());
        Assert.Equal(("msg_1", "call-1", "https://user:pw@example.com/status"), (entry.Id, entry.CallId, entry.Url));
        Assert.Equal(Body("inProgress"), entry.Body);
        Assert.Equal(_time.GetUtcNow(), entry.Recorded);
        Assert.Equal(1, next.PendingCount);
    }

    [Fact]
    public async Task AnEventDeliveredButNotMarkedIsDeliveredAgainWithTheSameId()
    {
        // The 2xx came, the process died before MarkDelivered: the receiver sees msg_1 twice and drops the second.
        using var outbox = Open();
        await outbox.RecordAsync("msg_1", "call-1", "https://example.com/status", Body("success"));
        await outbox.RecordAsync("msg_2", "call-1", "https://example.com/status", Body("success"));
        outbox.MarkDelivered("msg_2");

        using var next = Open(Crash(outbox));
        Assert.Equal(["msg_1"], next.Unsettled().Select(e => e.Id));
    }

    [Fact]
    public async Task SettledEventsAreNotDeliveredAgainAndAreKeptForAWhile()
    {
        using (var outbox = Open())
        {
            await outbox.RecordAsync("msg_1", "call-1", "https://example.com/a", Body("inProgress"));
            await outbox.RecordAsync("msg_2", "call-1", "https://example.com/a", Body("failed"));
            outbox.MarkDelivered("msg_1");
            outbox.MarkGivenUp("msg_2");
            outbox.Flush();
            Assert.Equal(0, outbox.PendingCount);
        }

        using var reopened = Open();
        Assert.Empty(reopened.Unsettled());
        Assert.Equal(0, reopened.Prune()); // within KeepSettled they are kept
        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(2, reopened.Prune());
    }

    [Fact]
    public async Task UnsettledEventsComeBackOldestFirst()
    {
        using var outbox = Open();
        foreach (var i in Enumerable.Range(1, 5))
        {
            await outbox.RecordAsync($"msg_{i}", $"call-{i % 2}", "https://example.com/s", Body("x"));
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        using var next = Open(Crash(outbox));
        Assert.Equal(["msg_1", "msg_2", "msg_3", "msg_4", "msg_5"], next.Unsettled().Select(e => e.Id));
    }

    [Fact]
    public async Task AFullOutboxRefusesANewEventAndTakesOneAgainOnceOneSettles()
    {
        using var outbox = Open(maxPending: 2);
        Assert.True(await outbox.RecordAsync("msg_1", "c", "https://example.com/s", Body("a")));
        Assert.True(await outbox.RecordAsync("msg_2", "c", "https://example.com/s", Body("b")));
        Assert.False(await outbox.RecordAsync("msg_3", "c", "https://example.com/s", Body("c")));

        outbox.MarkDelivered("msg_1");
        outbox.Flush(); // counted as unsettled until the settle is written
        Assert.True(await outbox.RecordAsync("msg_3", "c", "https://example.com/s", Body("c")));
        Assert.Equal(["msg_2", "msg_3"], outbox.Unsettled().Select(e => e.Id));
    }

    [Fact]
    public void ACorruptFileStopsTheStartSayingWhichFileAndWhatToDo()
    {
        File.WriteAllBytes(PathOf("corrupt.db"), Encoding.ASCII.GetBytes(new string('x', 8192)));

        var error = Assert.Throws<CallbackOutboxException>(() => Open("corrupt.db"));

        Assert.Equal(PathOf("corrupt.db"), error.Path);
        Assert.Contains(PathOf("corrupt.db"), error.Message, StringComparison.Ordinal);
        Assert.Contains("move it aside", error.Message, StringComparison.Ordinal);
        Assert.Equal(8192, new FileInfo(PathOf("corrupt.db")).Length); // left as it was, for a look
    }

    [Fact]
    public async Task ADatabaseWhosePagesAreDamagedIsRefusedToo()
    {
        using (var outbox = Open("damaged.db"))
        {
            foreach (var i in Enumerable.Range(1, 200))
            {
                await outbox.RecordAsync($"msg_{i}", "c", "https://example.com/s", Body(new string('y', 500)));
            }
        }

        // Scribble over the middle of the file: a SQLite header that still looks right, pages that do not.
        using (var file = new FileStream(PathOf("damaged.db"), FileMode.Open, FileAccess.Write))
        {
            file.Position = 4096 + 100;
            file.Write(Enumerable.Repeat((byte)0xA5, 8192).ToArray());
        }

        Assert.Throws<CallbackOutboxException>(() => Open("damaged.db"));
    }

    [Fact]
    public void AnOutboxAnotherNodeHasOpenIsRefused()
    {
        using var first = Open("shared.db");

        var error = Assert.Throws<CallbackOutboxException>(() => Open("shared.db"));

        Assert.Contains("another process has it open", error.Message, StringComparison.Ordinal);
        Assert.Contains("outbox file of its own", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordsFromManyThreadsAreAllOnDiskOnceTheirTasksComplete()
    {
        using var outbox = Open(maxPending: 10_000);
        var ids = Enumerable.Range(0, 2_000).Select(i => $"msg_{i}").ToArray();
        var recorded = await Task.WhenAll(ids.Select(id => Task.Run(() => outbox.RecordAsync(id, "c", "https://example.com/s", Body("x")))));
        Assert.All(recorded, Assert.True);

        using var next = Open(Crash(outbox));
        Assert.Equal(ids.Order(StringComparer.Ordinal), next.Unsettled().Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.Equal(2_000, next.PendingCount);
    }

    [Fact]
    public void AnOutboxOfANewerVersionIsRefused()
    {
        using (var outbox = Open("newer.db"))
        {
        }

        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={PathOf("newer.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<CallbackOutboxException>(() => Open("newer.db"));
        Assert.Contains("newer version", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

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

    /// <summary>The outbox's files as a killed process leaves them, under another name.</summary>
    private string Crash(string name = "outbox.db") => Path.GetFileName(Swml.Tests.Outbox.CrashedFiles.Copy(PathOf(name)));

    private static byte[] Body(string state) => Encoding.UTF8.GetBytes("{\"event_type\":\"calling.call.refer\",\"params\":{\"state\":\"" + state + "\"}}");

    [Fact]
    public void AnEventRecordedButNotDeliveredWhenTheNodeDiesIsThereAtTheNextStart()
    {
        using var outbox = Open();
        Assert.True(outbox.TryRecord("msg_1", "call-1", "https://user:pw@example.com/status", Body("inProgress")));

        using var next = Open(Crash());
        var entry = Assert.Single(next.Unsettled());
        Assert.Equal(("msg_1", "call-1", "https://user:pw@example.com/status"), (entry.Id, entry.CallId, entry.Url));
        Assert.Equal(Body("inProgress"), entry.Body);
        Assert.Equal(_time.GetUtcNow(), entry.Recorded);
        Assert.Equal(1, next.PendingCount);
    }

    [Fact]
    public void AnEventDeliveredButNotMarkedIsDeliveredAgainWithTheSameId()
    {
        // The 2xx came, the process died before MarkDelivered: the receiver sees msg_1 twice and drops the second.
        using var outbox = Open();
        outbox.TryRecord("msg_1", "call-1", "https://example.com/status", Body("success"));
        outbox.TryRecord("msg_2", "call-1", "https://example.com/status", Body("success"));
        outbox.MarkDelivered("msg_2");

        using var next = Open(Crash());
        Assert.Equal(["msg_1"], next.Unsettled().Select(e => e.Id));
    }

    [Fact]
    public void SettledEventsAreNotDeliveredAgainAndAreKeptForAWhile()
    {
        using (var outbox = Open())
        {
            outbox.TryRecord("msg_1", "call-1", "https://example.com/a", Body("inProgress"));
            outbox.TryRecord("msg_2", "call-1", "https://example.com/a", Body("failed"));
            outbox.MarkDelivered("msg_1");
            outbox.MarkGivenUp("msg_2");
            Assert.Equal(0, outbox.PendingCount);
        }

        using var reopened = Open();
        Assert.Empty(reopened.Unsettled());
        Assert.Equal(0, reopened.Prune()); // within the hour they are kept
        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(2, reopened.Prune());
    }

    [Fact]
    public void UnsettledEventsComeBackOldestFirst()
    {
        using var outbox = Open();
        foreach (var i in Enumerable.Range(1, 5))
        {
            outbox.TryRecord($"msg_{i}", $"call-{i % 2}", "https://example.com/s", Body("x"));
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        using var next = Open(Crash());
        Assert.Equal(["msg_1", "msg_2", "msg_3", "msg_4", "msg_5"], next.Unsettled().Select(e => e.Id));
    }

    [Fact]
    public void AFullOutboxRefusesANewEventAndTakesOneAgainOnceOneSettles()
    {
        using var outbox = Open(maxPending: 2);
        Assert.True(outbox.TryRecord("msg_1", "c", "https://example.com/s", Body("a")));
        Assert.True(outbox.TryRecord("msg_2", "c", "https://example.com/s", Body("b")));
        Assert.False(outbox.TryRecord("msg_3", "c", "https://example.com/s", Body("c")));

        outbox.MarkDelivered("msg_1");
        Assert.True(outbox.TryRecord("msg_3", "c", "https://example.com/s", Body("c")));
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
    public void ADatabaseWhosePagesAreDamagedIsRefusedToo()
    {
        using (var outbox = Open("damaged.db"))
        {
            foreach (var i in Enumerable.Range(1, 200))
            {
                outbox.TryRecord($"msg_{i}", "c", "https://example.com/s", Body(new string('y', 500)));
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

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Swml.Runtime.Calls;

/// <summary>
/// Status callbacks on disk, so a node that dies does not lose them: each event is recorded before
/// its first attempt and settled (delivered, or given up) after its last; what a previous run left
/// unsettled is delivered again at start, with the same <c>webhook-id</c>, so a receiver that drops
/// duplicates sees each event once.
/// <para>
/// SQLite in WAL mode, one connection held exclusively (a second process cannot open the file).
/// Changes are written by a thread of the outbox's own, all that are waiting in one transaction, so
/// the thread that posts a callback (the SIP thread, when inline) never waits for the disk, and a
/// busy node pays one commit for many callbacks. <see cref="RecordAsync"/>'s task completes once
/// the event is committed, which a process crash no longer undoes; the sink makes no attempt before
/// that.
/// </para>
/// <para>
/// Bounded: past <see cref="CallbackOutboxOptions.MaxPending"/> unsettled events a new one is
/// refused (and the sink says so), and settled rows older than
/// <see cref="CallbackOutboxOptions.KeepSettled"/> are pruned. The file holds callback URLs with
/// their credentials: keep it where only the node reads.
/// </para>
/// </summary>
public sealed class CallbackOutbox : IDisposable
{
    private const int SchemaVersion = 1;

    // SQLite's SQLITE_BUSY and SQLITE_LOCKED: another connection holds the file.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    private readonly object _gate = new();
    private readonly object _database = new();
    private readonly SqliteConnection _connection;
    private readonly CallbackOutboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SqliteCommand _record;
    private readonly SqliteCommand _settle;
    private readonly Queue<Change> _queue = new();
    private readonly Thread _writer;
    private long _queued;
    private long _written;
    private int _pending;
    private long _lastPrune;
    private bool _stopping;
    private bool _disposed;

    private CallbackOutbox(SqliteConnection connection, CallbackOutboxOptions options, TimeProvider time, ILogger logger)
    {
        _connection = connection;
        _options = options;
        _time = time;
        _logger = logger;
        _lastPrune = time.GetTimestamp();

        // Prepared once and run for every change: SQLite parses each statement's text only once.
        _record = Prepared(connection, "INSERT OR IGNORE INTO callbacks (id, call_id, url, body, recorded) VALUES ($id, $call, $url, $body, $recorded);", "$id", "$call", "$url", "$body", "$recorded");
        _settle = Prepared(connection, "UPDATE callbacks SET settled = $now, outcome = $outcome WHERE id = $id AND settled IS NULL;", "$now", "$outcome", "$id");
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "SWML callback outbox" };
    }

    /// <summary>The file the outbox lives in.</summary>
    public string Path => _options.Path;

    /// <summary>Events recorded (or being recorded) and not yet settled.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending;
            }
        }
    }

    /// <summary>
    /// Opens (or creates) the outbox at <see cref="CallbackOutboxOptions.Path"/>.
    /// </summary>
    /// <exception cref="CallbackOutboxException">
    /// The file is not a readable outbox (corrupt, another kind of file, a newer schema), or another
    /// process has it open: start refused rather than its callbacks lost.
    /// </exception>
    public static CallbackOutbox Open(CallbackOutboxOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = options.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,

            // Seconds a statement retries while another process holds the file: the lock of a node
            // that was killed is gone at once, one that is running keeps it (30 s by default).
            DefaultTimeout = 1,
        }.ToString());
        try
        {
            connection.Open();

            // Exclusive: no lock taken and dropped per transaction (system calls this VM charges
            // dearly for), no -shm file, and a second node pointed at the same file is refused.
            Execute(connection, "PRAGMA locking_mode=EXCLUSIVE; PRAGMA busy_timeout=1000; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
            var check = Scalar(connection, "PRAGMA quick_check;") as string;
            if (check != "ok")
            {
                throw new CallbackOutboxException(options.Path, $"SQLite's check says: {check}");
            }

            var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
            if (version > SchemaVersion)
            {
                throw new CallbackOutboxException(options.Path, $"it was written by a newer version (schema {version}, this one reads {SchemaVersion})");
            }

            Execute(connection, """
                CREATE TABLE IF NOT EXISTS callbacks (
                    id TEXT PRIMARY KEY,
                    call_id TEXT NOT NULL,
                    url TEXT NOT NULL,
                    body BLOB NOT NULL,
                    recorded INTEGER NOT NULL,
                    settled INTEGER,
                    outcome TEXT);
                CREATE INDEX IF NOT EXISTS callbacks_unsettled ON callbacks (settled, recorded);
                PRAGMA user_version = 1;
                """);
            var outbox = new CallbackOutbox(connection, options, time ?? TimeProvider.System, logger ?? NullLogger.Instance);
            outbox._pending = Convert.ToInt32(Scalar(connection, "SELECT count(*) FROM callbacks WHERE settled IS NULL;"), System.Globalization.CultureInfo.InvariantCulture);
            outbox._writer.Start();
            return outbox;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteBusy or SqliteLocked)
        {
            connection.Dispose();
            throw new CallbackOutboxException(options.Path, "another process has it open", "Each node needs an outbox file of its own: give this one another --outbox path, or stop the process that holds it.", ex);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new CallbackOutboxException(options.Path, ex.Message, ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Records an event before its first attempt. The task is true once the event is on disk, and
    /// false at once when the outbox is full (nothing is written: the event may still be attempted,
    /// but a crash would lose it). It fails with <see cref="CallbackOutboxException"/> when the write
    /// fails (the disk is full, the file went away).
    /// </summary>
    public Task<bool> RecordAsync(string id, string callId, string url, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(callId);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(body);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            if (_pending >= _options.MaxPending)
            {
                return Task.FromResult(false);
            }

            _pending++;
            var change = new Change(id, callId, url, body, _time.GetUtcNow().ToUnixTimeMilliseconds(), null, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
            Queue(change);
            return change.Recorded!.Task;
        }
    }

    /// <summary>The event got its 2xx.</summary>
    public void MarkDelivered(string id) => Settle(id, "delivered");

    /// <summary>The event's attempts are over without a 2xx: it is not tried again at the next start.</summary>
    public void MarkGivenUp(string id) => Settle(id, "given up");

    /// <summary>Waits until every change queued so far is on disk (or failed, and was logged).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            var target = _queued;
            while (_written < target && _writer.IsAlive)
            {
                Monitor.Wait(_gate);
            }
        }
    }

    /// <summary>What earlier runs recorded and never settled, oldest first: to be delivered again.</summary>
    public IReadOnlyList<OutboxEntry> Unsettled()
    {
        Flush();
        lock (_database)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT id, call_id, url, body, recorded FROM callbacks WHERE settled IS NULL ORDER BY recorded, rowid;";
            using var reader = command.ExecuteReader();
            var entries = new List<OutboxEntry>();
            while (reader.Read())
            {
                entries.Add(new OutboxEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), (byte[])reader.GetValue(3), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
            }

            return entries;
        }
    }

    /// <summary>Deletes settled rows older than <see cref="CallbackOutboxOptions.KeepSettled"/>; how many went.</summary>
    public int Prune()
    {
        Flush();
        lock (_database)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return PruneNow();
        }
    }

    /// <summary>Writes what is still queued, then closes the file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        // A second Dispose waits for the first one's writes too.
        _writer.Join();
        lock (_database)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _record.Dispose();
            _settle.Dispose();
            _connection.Dispose();
        }
    }

    private void Settle(string id, string outcome)
    {
        lock (_gate)
        {
            // A callback settled after its sink outlived the outbox (a stop that ran out) stays
            // unsettled, and the next start sends it again: the safe side.
            if (!_stopping)
            {
                Queue(new Change(id, null, null, null, _time.GetUtcNow().ToUnixTimeMilliseconds(), outcome, null));
            }
        }
    }

    private void Queue(Change change)
    {
        _queue.Enqueue(change);
        _queued++;

        // All: Flush waits on the same gate, and a single pulse could wake it instead of the writer.
        if (_queue.Count == 1)
        {
            Monitor.PulseAll(_gate);
        }
    }

    // Takes everything waiting, writes it in one transaction, and goes back for more; after a stop,
    // until nothing is left. Whatever goes wrong fails that batch only: the thread never dies with
    // changes queued and callers waiting.
    private void WriteLoop()
    {
        while (true)
        {
            Change[] batch;
            lock (_gate)
            {
                while (_queue.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_queue.Count == 0)
                {
                    return;
                }

                batch = _queue.ToArray();
                _queue.Clear();
            }

            var results = new int[batch.Length];
            Exception? failure;
            try
            {
                failure = Write(batch, results);
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            // Counted first, so that a caller who awaited its record sees the count that includes it.
            lock (_gate)
            {
                _pending += UnsettledChange(batch, results, failure);
                _written += batch.Length;
                Monitor.PulseAll(_gate);
            }

            Report(batch, results, failure);
        }
    }

    /// <summary>Writes <paramref name="batch"/> in one transaction, each change's row count in <paramref name="results"/>; the SQLite error that undid it, if one did.</summary>
    private Exception? Write(Change[] batch, int[] results)
    {
        lock (_database)
        {
            try
            {
                using var transaction = _connection.BeginTransaction();
                _record.Transaction = transaction;
                _settle.Transaction = transaction;
                for (var i = 0; i < batch.Length; i++)
                {
                    results[i] = batch[i].IsRecord ? Insert(batch[i]) : Update(batch[i]);
                }

                transaction.Commit();
            }
            catch (SqliteException ex)
            {
                return ex;
            }
            finally
            {
                _record.Transaction = null;
                _settle.Transaction = null;
            }

            if (_time.GetElapsedTime(_lastPrune) > _options.PruneEvery)
            {
                try
                {
                    var pruned = PruneNow();
                    _logger.LogDebug("Callback outbox {Path}: {Rows} settled rows pruned", Path, pruned);
                }
                catch (SqliteException ex)
                {
                    _logger.LogError(ex, "Callback outbox {Path}: pruning failed: {Reason}", Path, ex.Message);
                }
            }

            return null;
        }
    }

    /// <summary>How the unsettled count changes beyond what was counted when the changes were queued.</summary>
    private static int UnsettledChange(Change[] batch, int[] results, Exception? failure)
    {
        var change = 0;
        for (var i = 0; i < batch.Length; i++)
        {
            if (batch[i].IsRecord)
            {
                // Counted when queued: taken back when it was not written, or was there already (an
                // id recorded twice is on disk all the same, and counted once).
                change -= failure is null ? 1 - results[i] : 1;
            }
            else if (failure is null)
            {
                change -= results[i];
            }
        }

        return change;
    }

    /// <summary>Completes the records' tasks and logs what failed. A settle that failed leaves its row unsettled: the next start sends it again.</summary>
    private void Report(Change[] batch, int[] results, Exception? failure)
    {
        foreach (var item in batch)
        {
            if (failure is null)
            {
                item.Recorded?.TrySetResult(true);
            }
            else if (item.IsRecord)
            {
                item.Recorded!.TrySetException(new CallbackOutboxException(Path, "an event could not be written: " + failure.Message, "Its callback is still sent, but a crash would lose it. Check the disk the outbox is on.", failure));
            }
        }

        if (failure is not null)
        {
            var settles = batch.Count(c => !c.IsRecord);
            try
            {
                _logger.LogError(failure, "Callback outbox {Path}: a write of {Records} records and {Settles} settles failed: {Reason}; the records' callbacks are sent all the same, the settled ones will be sent again at the next start", Path, batch.Length - settles, settles, failure.Message);
            }
            catch (Exception)
            {
                // A logger that throws must not take the writer down.
            }
        }
    }

    private int Insert(Change change)
    {
        var parameters = _record.Parameters;
        parameters[0].Value = change.Id;
        parameters[1].Value = change.CallId;
        parameters[2].Value = change.Url;
        parameters[3].Value = change.Body;
        parameters[4].Value = change.At;
        return _record.ExecuteNonQuery();
    }

    private int Update(Change change)
    {
        var parameters = _settle.Parameters;
        parameters[0].Value = change.At;
        parameters[1].Value = change.Outcome;
        parameters[2].Value = change.Id;
        return _settle.ExecuteNonQuery();
    }

    // Under the database lock.
    private int PruneNow()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "DELETE FROM callbacks WHERE settled IS NOT NULL AND settled < $before;";
        command.Parameters.AddWithValue("$before", (_time.GetUtcNow() - _options.KeepSettled).ToUnixTimeMilliseconds());
        _lastPrune = _time.GetTimestamp();
        return command.ExecuteNonQuery();
    }

    private static SqliteCommand Prepared(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>A record (with its body and the task its caller waits on) or a settle (with its outcome), waiting for the writer.</summary>
    private sealed record Change(string Id, string? CallId, string? Url, byte[]? Body, long At, string? Outcome, TaskCompletionSource<bool>? Recorded)
    {
        public bool IsRecord => Recorded is not null;
    }
}

/// <summary>Where the outbox lives and how much it keeps.</summary>
public sealed record CallbackOutboxOptions
{
    /// <summary>The SQLite file (made when missing).</summary>
    public required string Path { get; init; }

    /// <summary>Unsettled events at most; past it a new event is not recorded.</summary>
    public int MaxPending { get; init; } = 100_000;

    /// <summary>
    /// How long a delivered or given-up event stays (for a look after the fact) before pruning. The
    /// file holds about two events per call for this long: at 300 calls/s and 10 minutes, 360,000
    /// rows of about 1 KB.
    /// </summary>
    public TimeSpan KeepSettled { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the writer also prunes.</summary>
    public TimeSpan PruneEvery { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>An event an earlier run recorded and did not settle.</summary>
public sealed record OutboxEntry(string Id, string CallId, string Url, byte[] Body, DateTimeOffset Recorded);

/// <summary>The outbox file cannot be used; the message says which file, why, and what to do.</summary>
public sealed class CallbackOutboxException : Exception
{
    private const string KeepOrMoveAside = "Nothing was started, so nothing in it is lost: restore it, or move it aside to start with an empty outbox (the callbacks still in it would then not be delivered).";

    public CallbackOutboxException(string path, string reason, Exception? inner = null)
        : this(path, reason, KeepOrMoveAside, inner)
    {
    }

    public CallbackOutboxException(string path, string reason, string whatToDo, Exception? inner = null)
        : base($"The callback outbox {path} cannot be used: {reason}. {whatToDo}", inner)
    {
        Path = path;
    }

    public string Path { get; }
}

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Swml.Runtime.Calls;

/// <summary>
/// Status callbacks on disk, so a node that dies does not lose them: each event is recorded before
/// its first attempt and settled (delivered, or given up) after its last; what a previous run left
/// unsettled is delivered again at start, with the same <c>webhook-id</c>, so a receiver that drops
/// duplicates sees each event once. SQLite (WAL, one connection, a transaction per change): a
/// change is on disk once the call returns, whatever kills the process after. Bounded: past
/// <see cref="CallbackOutboxOptions.MaxPending"/> unsettled events a new one is refused (and the
/// sink says so), and settled rows older than <see cref="CallbackOutboxOptions.KeepSettled"/> are
/// pruned. The file holds callback URLs with their credentials: keep it where only the node reads.
/// </summary>
public sealed class CallbackOutbox : IDisposable
{
    private const int SchemaVersion = 1;
    private readonly object _gate = new();
    private readonly SqliteConnection _connection;
    private readonly CallbackOutboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _pending;
    private long _lastPrune;
    private bool _disposed;

    private CallbackOutbox(SqliteConnection connection, CallbackOutboxOptions options, TimeProvider time, ILogger logger)
    {
        _connection = connection;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The file the outbox lives in.</summary>
    public string Path => _options.Path;

    /// <summary>Events recorded and not yet settled.</summary>
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
    /// <exception cref="CallbackOutboxException">The file is not a readable outbox (corrupt, another kind of file, a newer schema): start refused rather than its callbacks lost.</exception>
    public static CallbackOutbox Open(CallbackOutboxOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = options.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;");
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
            return outbox;
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
    /// Records an event before its first attempt. False when the outbox is full (the event may still
    /// be attempted, but a crash would lose it).
    /// </summary>
    public bool TryRecord(string id, string callId, string url, ReadOnlySpan<byte> body)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_pending >= _options.MaxPending)
            {
                return false;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT OR IGNORE INTO callbacks (id, call_id, url, body, recorded) VALUES ($id, $call, $url, $body, $recorded);";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$call", callId);
            command.Parameters.AddWithValue("$url", url);
            command.Parameters.AddWithValue("$body", body.ToArray());
            command.Parameters.AddWithValue("$recorded", _time.GetUtcNow().ToUnixTimeMilliseconds());
            _pending += command.ExecuteNonQuery();
            return true;
        }
    }

    /// <summary>The event got its 2xx.</summary>
    public void MarkDelivered(string id) => Settle(id, "delivered");

    /// <summary>The event's attempts are over without a 2xx: it is not tried again at the next start.</summary>
    public void MarkGivenUp(string id) => Settle(id, "given up");

    /// <summary>What earlier runs recorded and never settled, oldest first: to be delivered again.</summary>
    public IReadOnlyList<OutboxEntry> Unsettled()
    {
        lock (_gate)
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
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM callbacks WHERE settled IS NOT NULL AND settled < $before;";
            command.Parameters.AddWithValue("$before", (_time.GetUtcNow() - _options.KeepSettled).ToUnixTimeMilliseconds());
            _lastPrune = _time.GetTimestamp();
            return command.ExecuteNonQuery();
        }
    }

    private void Settle(string id, string outcome)
    {
        var prune = false;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = "UPDATE callbacks SET settled = $now, outcome = $outcome WHERE id = $id AND settled IS NULL;";
            command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$outcome", outcome);
            command.Parameters.AddWithValue("$id", id);
            _pending -= command.ExecuteNonQuery();
            prune = _time.GetElapsedTime(_lastPrune) > _options.PruneEvery;
        }

        if (prune)
        {
            var pruned = Prune();
            _logger.LogDebug("Callback outbox {Path}: {Rows} settled rows pruned", Path, pruned);
        }
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

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection.Dispose();
        }
    }
}

/// <summary>Where the outbox lives and how much it keeps.</summary>
public sealed record CallbackOutboxOptions
{
    /// <summary>The SQLite file (made when missing).</summary>
    public required string Path { get; init; }

    /// <summary>Unsettled events at most; past it a new event is not recorded.</summary>
    public int MaxPending { get; init; } = 100_000;

    /// <summary>How long a delivered or given-up event stays (for a look after the fact) before pruning.</summary>
    public TimeSpan KeepSettled { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How often settling an event also prunes.</summary>
    public TimeSpan PruneEvery { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>An event an earlier run recorded and did not settle.</summary>
public sealed record OutboxEntry(string Id, string CallId, string Url, byte[] Body, DateTimeOffset Recorded);

/// <summary>The outbox file cannot be used; the message says which file, why, and what to do.</summary>
public sealed class CallbackOutboxException : Exception
{
    public CallbackOutboxException(string path, string reason, Exception? inner = null)
        : base($"The callback outbox {path} cannot be read: {reason}. Nothing was started, so nothing in it is lost: restore it, or move it aside to start with an empty outbox (the callbacks still in it would then not be delivered).", inner)
    {
        Path = path;
    }

    public string Path { get; }
}

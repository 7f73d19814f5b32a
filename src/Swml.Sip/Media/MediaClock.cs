using Microsoft.Extensions.Logging;

namespace Swml.Sip.Media;

/// <summary>
/// The beat every playing call of an endpoint sends to: one tick per 20 ms frame, counted from the
/// clock's start, so a call's RTP timestamps follow the time that passed even across pauses.
/// On the system clock a dedicated thread sleeps to each tick's absolute due time (a pool timer is
/// late by whatever the pool is doing; no drift either way); on any other
/// <see cref="TimeProvider"/> (fake time in tests) a timer of that provider ticks. It runs only while
/// some call plays. Missed ticks (a pause of the process) are caught up by a short burst of at most
/// <see cref="MaxCatchUp"/> frames; past that the lost time is skipped, as it is for any late sender.
/// </summary>
internal sealed class MediaClock : IDisposable
{
    internal const int MaxCatchUp = 5;

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _origin;
    private readonly long _frameTimestamps;
    private RtpStream[] _playing = [];
    private Thread? _thread;
    private ITimer? _timer;
    private readonly AutoResetEvent _wake = new(false);
    private long _lastTick;
    private bool _disposed;

    public MediaClock(TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
        _origin = time.GetTimestamp();
        _frameTimestamps = time.TimestampFrequency / 50;
        _lastTick = 0;
    }

    /// <summary>The tick the clock is in now: 20 ms frames since it started.</summary>
    public long Now => (_time.GetTimestamp() - _origin) / _frameTimestamps;

    /// <summary>How many calls are playing.</summary>
    public int Playing => Volatile.Read(ref _playing).Length;

    /// <summary>Has <paramref name="stream"/> ticked from the next tick on, until it is removed.</summary>
    public void Add(RtpStream stream)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (Array.IndexOf(_playing, stream) >= 0)
            {
                return;
            }

            var wasIdle = _playing.Length == 0;
            _playing = [.. _playing, stream];
            if (!wasIdle)
            {
                return;
            }

            // Idle ticks are not caught up: the first tick after a pause is the current one.
            _lastTick = Now;
            if (_time == TimeProvider.System)
            {
                if (_thread is null)
                {
                    _thread = new Thread(Run) { IsBackground = true, Name = "SIP media clock" };
                    _thread.Start();
                }
                else
                {
                    _wake.Set();
                }
            }
            else
            {
                _timer ??= _time.CreateTimer(static s => ((MediaClock)s!).RunDue(), this, RtpAudio.FrameDuration, RtpAudio.FrameDuration);
            }
        }
    }

    public void Remove(RtpStream stream)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_playing, stream);
            if (index < 0)
            {
                return;
            }

            _playing = [.. _playing.AsSpan(0, index), .. _playing.AsSpan(index + 1)];
            if (_playing.Length == 0 && _timer is not null)
            {
                _timer.Dispose();
                _timer = null;
            }
        }
    }

    private void Run()
    {
        while (true)
        {
            bool idle;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                idle = _playing.Length == 0;
            }

            if (idle)
            {
                _wake.WaitOne();
                continue;
            }

            // Sleep to the next tick's due time, rounded up to the millisecond the kernel sleeps in:
            // every tick is then late by about the same, which a receiver's jitter buffer never sees.
            var due = _origin + ((Volatile.Read(ref _lastTick) + 1) * _frameTimestamps);
            var wait = _time.GetElapsedTime(_time.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                Thread.Sleep((int)Math.Ceiling(wait.TotalMilliseconds));
            }

            RunDue();
        }
    }

    /// <summary>Runs every tick up to now, at most <see cref="MaxCatchUp"/> of them.</summary>
    private void RunDue()
    {
        var now = Now;
        var last = Volatile.Read(ref _lastTick);
        if (now <= last)
        {
            return;
        }

        if (now - last > MaxCatchUp)
        {
            _logger.LogDebug("The media clock was {Frames} frames late; skipping all but the last {Kept}", now - last, MaxCatchUp);
            last = now - MaxCatchUp;
        }

        for (var tick = last + 1; tick <= now; tick++)
        {
            foreach (var stream in Volatile.Read(ref _playing))
            {
                try
                {
                    stream.OnTick(tick);
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "A call's RTP frame failed");
                }
            }
        }

        Volatile.Write(ref _lastTick, now);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _playing = [];
            _timer?.Dispose();
            _timer = null;
        }

        _wake.Set();
    }
}

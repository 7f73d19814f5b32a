# Helpers for the SIPp load scripts (bench/sip-load/run.sh, bench/scale-out/run.sh): free ports,
# CPU of a process, SIPp's statistics, and the callback receiver. Sourced, not run. Every process
# they start binds 127.0.0.1 only; callers keep their pids in the array `pids` and stop them.

# A free port on 127.0.0.1 for UDP and TCP (asks the kernel, then releases it).
free_port() {
    python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# utime + stime of a process in clock ticks (/proc/PID/stat fields 14 and 15).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# The same for a process and its children (kamailio's workers are forked children).
tree_cpu_ticks() {
    local total=0 pid
    for pid in "$1" $(pgrep -P "$1"); do
        total=$((total + $(cpu_ticks "$pid" 2>/dev/null || echo 0)))
    done
    echo "$total"
}

ticks_per_second=$(getconf CLK_TCK)

# Reads a column of the last line of a SIPp statistics file by its header name.
stat_column() {
    awk -F';' -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i } END { print $c }' "$1"
}

# "ElapsedTime(C)" is hh:mm:ss:mmm; prints seconds.
elapsed_seconds() {
    stat_column "$1" "ElapsedTime(C)" | awk -F: '{ printf "%.3f", $1 * 3600 + $2 * 60 + $3 + $4 / 1000 }'
}

# Whether something listens on UDP 127.0.0.1:$1 (binding it fails).
udp_taken() {
    python3 - "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(0)
sys.exit(1)
PY
}

# Starts the callback receiver ($receiver_dll) named $1 on port $2, its stdin a FIFO held open on
# file descriptor $3 (it prints what it received and exits when that closes), and waits until it
# is ready. Needs $work.
start_receiver() {
    local name=$1 port=$2 fd=$3
    mkfifo "$work/$name-stdin"
    dotnet "$receiver_dll" "$port" <"$work/$name-stdin" >"$work/$name.out" 2>"$work/$name.err" &
    pids+=("$!")
    eval "exec $fd>\"\$work/\$name-stdin\""
    for _ in $(seq 100); do grep -q '^ready' "$work/$name.out" 2>/dev/null && return 0; sleep 0.1; done
    echo "callback receiver $name did not start:"; cat "$work/$name.err"; exit 1
}

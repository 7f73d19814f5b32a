#!/usr/bin/env bash
# Load through kamailio: SIPp calls at a fixed rate through deploy/kamailio/kamailio.cfg to N
# `swml run` nodes serving answer, sip_refer (status_url) and hangup, each with an outbox, their
# callbacks delivered to bench/Swml.CallbackReceiver, which must get every event once. Then the
# same rate straight to one node, in the same run, as the baseline.
# Prints, for each: calls ok and failed, calls/s, and CPU seconds per 1,000 calls of kamailio (its
# workers included), of each node and of the nodes together; the calls each node got; and
# kamailio's CPU per call as a ratio of a node's, which is what docs/deploy.md's node count needs.
#   bench/scale-out/run.sh [rate=300] [seconds=30] [nodes=2]
# Each leg first takes a warm-up of WARMUP_SECONDS (20) at the same rate, reported apart (.NET's
# JIT). Needs sipp and kamailio. Binds 127.0.0.1 only; every process it starts is stopped by its
# process id.
set -euo pipefail

rate=${1:-300}
seconds=${2:-30}
node_count=${3:-2}
calls=$((rate * seconds))
warmup=${WARMUP_SECONDS:-20}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# Tolerates a 180 after the 200, and the BYE before the last NOTIFY's answer: a proxy's workers
# reorder them. Held 0 ms (-d 0).
caller_scenario="$root/tests/Swml.EndToEnd.Tests/Scenarios/caller_refer_held.xml"
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    exec 3>&- 2>/dev/null || true
}
trap cleanup EXIT

command -v sipp >/dev/null || { echo "sipp not found (apt-get install sip-tester)" >&2; exit 2; }
command -v kamailio >/dev/null || { echo "kamailio not found (apt-get install kamailio)" >&2; exit 2; }
# free_port, cpu_ticks, tree_cpu_ticks, stat_column, elapsed_seconds, udp_taken, start_receiver
. "$here/../lib/load.sh"

# Runs the SIPp caller against 127.0.0.1:$1 for $3 calls and leaves its final statistics in $2.
run_caller() {
    local target_port=$1 name=$2 calls=$3
    local status=0
    sipp "127.0.0.1:$target_port" -sf "$caller_scenario" -s flow -d 0 -t u1 \
        -i 127.0.0.1 -p "$(free_port)" -mi 127.0.0.1 -mp "$(free_port)" \
        -r "$rate" -m "$calls" -l $((rate * 10)) -recv_timeout 10000 -buff_size 4194304 \
        -nostdin -timeout $((seconds * 4 + 60))s -timeout_error \
        -trace_stat -stf "$work/$name-stat.csv" -fd 1 \
        -trace_err -error_file "$work/$name-errors.log" >"$work/$name-sipp.out" 2>&1 || status=$?
    echo "$status" >"$work/$name-exit"
}

# Starts a node named $1 on UDP 127.0.0.1:$2 and waits until it listens.
start_node() {
    local name=$1 port=$2
    dotnet "$swml_dll" run "$work/refer.swml" --listen "udp:127.0.0.1:$port" --node-id "$name" --quiet \
        --outbox "$work/$name.db" --env "STATUS_URL=http://127.0.0.1:$receiver_port/refer-status" \
        >"$work/$name.out" 2>"$work/$name.err" &
    pids+=("$!")
    for _ in $(seq 100); do udp_taken "$port" && return 0; sleep 0.1; done
    echo "node $name did not start:"; cat "$work/$name.err" "$work/$name.out"; exit 1
}

# name ok failed calls/s, and "cpu-s per 1000 calls" for each "label ticks" pair after it.
report() {
    local name=$1
    shift
    local stat="$work/$name-stat.csv"
    local ok failed elapsed
    ok=$(stat_column "$stat" "SuccessfulCall(C)")
    failed=$(stat_column "$stat" "FailedCall(C)")
    elapsed=$(elapsed_seconds "$stat")
    printf "%-16s calls ok %6d  failed %4d  sipp exit %d  %7.1f calls/s " "$name" "$ok" "$failed" "$(cat "$work/$name-exit")" "$(awk -v ok="$ok" -v e="$elapsed" 'BEGIN { print ok / e }')"
    while [ $# -gt 0 ]; do
        awk -v label="$1" -v ticks="$2" -v ok="$ok" -v hz="$ticks_per_second" 'BEGIN { printf " %s %.3f", label, ticks / hz * 1000 / (ok > 0 ? ok : 1) }'
        shift 2
    done
    echo "  (cpu-s per 1000 calls)"
}

echo "building swml and bench/Swml.CallbackReceiver (Release)"
for project in src/Swml.Cli bench/Swml.CallbackReceiver; do
    dotnet build "$root/$project" -c Release -v quiet -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 2; }
done
swml_dll=$(ls "$root"/src/Swml.Cli/bin/Release/net*/swml.dll | head -1)
receiver_dll=$(ls "$root"/bench/Swml.CallbackReceiver/bin/Release/net*/Swml.CallbackReceiver.dll | head -1)
echo "rate $rate calls/s for $seconds s ($calls calls), $node_count nodes, work folder $work"

cat >"$work/refer.swml" <<'SWML'
version: 1.0.0
sections:
  main:
    - answer: {}
    - sip_refer:
        to_uri: "sip:carol@127.0.0.1:5999"
        status_url: "${envs.STATUS_URL}"
    - hangup: {}
SWML

receiver_port=$(free_port)
start_receiver receiver "$receiver_port" 3
receiver_pid=${pids[-1]}

# --- through kamailio, to the nodes --------------------------------------------------------------
node_pids=()
node_ports=()
: >"$work/dispatcher.list"
for i in $(seq "$node_count"); do
    port=$(free_port)
    start_node "node-$i" "$port"
    node_pids+=("${pids[-1]}")
    node_ports+=("$port")
    echo "1 sip:127.0.0.1:$port" >>"$work/dispatcher.list"
done

kamailio_port=$(free_port)
kamailio -f "$root/deploy/kamailio/kamailio.cfg" -DD -E -Y "$work" -P "$work/kamailio.pid" \
    -A "DISPATCHER_LIST=\"$work/dispatcher.list\"" -l "udp:127.0.0.1:$kamailio_port" >"$work/kamailio.log" 2>&1 &
kamailio_pid=$!
pids+=("$kamailio_pid")
for _ in $(seq 100); do udp_taken "$kamailio_port" && break; sleep 0.1; done
sleep 1

node_ticks() { local total=0 pid; for pid in "${node_pids[@]}"; do total=$((total + $(cpu_ticks "$pid"))); done; echo "$total"; }

run_caller "$kamailio_port" proxied-warmup $((rate * warmup))
k_before=$(tree_cpu_ticks "$kamailio_pid")
n_before=$(node_ticks)
declare -A each_before
for pid in "${node_pids[@]}"; do each_before[$pid]=$(cpu_ticks "$pid"); done
dispatched_before=$(grep -c "dispatch INVITE" "$work/kamailio.log" || true)
run_caller "$kamailio_port" proxied "$calls"
k_ticks=$(( $(tree_cpu_ticks "$kamailio_pid") - k_before ))
n_ticks=$(( $(node_ticks) - n_before ))
per_node=()
for pid in "${node_pids[@]}"; do per_node+=("node" $(( $(cpu_ticks "$pid") - each_before[$pid] ))); done

# Calls each node got, measured leg only (kamailio logs each new call's node).
spread=""
for port in "${node_ports[@]}"; do
    n=$(tail -n +"$((dispatched_before + 1))" <(grep "dispatch INVITE" "$work/kamailio.log") | grep -c "127.0.0.1:$port" || true)
    spread="$spread $port:$n"
done
kill "$kamailio_pid" 2>/dev/null || true
for pid in "${node_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
for pid in "${node_pids[@]}"; do wait "$pid" || true; done

# --- the baseline: the same rate straight to one node ----------------------------------------
direct_port=$(free_port)
start_node direct "$direct_port"
direct_pid=${pids[-1]}
run_caller "$direct_port" direct-warmup $((rate * warmup))
before=$(cpu_ticks "$direct_pid")
run_caller "$direct_port" direct "$calls"
direct_ticks=$(( $(cpu_ticks "$direct_pid") - before ))
kill -TERM "$direct_pid" 2>/dev/null || true
wait "$direct_pid" || true
exec 3>&-
wait "$receiver_pid" || true

echo
report proxied-warmup
report proxied kamailio "$k_ticks" nodes "$n_ticks" "${per_node[@]}"
echo "calls per node (port:calls):$spread"
report direct-warmup
report direct node "$direct_ticks"
awk -v k="$k_ticks" -v n="$n_ticks" -v d="$direct_ticks" 'BEGIN {
    printf "kamailio / nodes CPU per call: %.2f; nodes behind kamailio / one node direct: %.2f\n", k / (n > 0 ? n : 1), n / (d > 0 ? d : 1) }'
echo "callback receiver: $(grep '^callbacks' "$work/receiver.out")"

status=0
for name in proxied direct; do
    if [ "$(cat "$work/$name-exit")" != 0 ] || [ "$(stat_column "$work/$name-stat.csv" "FailedCall(C)")" != 0 ]; then
        echo "$name: failed calls or SIPp error, see $work/$name-sipp.out and $work/$name-errors.log" >&2
        status=1
    fi
done

# Every call gives two callbacks (inProgress, success); none may be lost or doubled.
expected=$(( 2 * 2 * (calls + rate * warmup) ))
received=$(sed -n 's/^callbacks received: \([0-9]*\), events \([0-9]*\) (\([0-9]*\) received.*/\2 \3/p' "$work/receiver.out")
read -r events doubled <<<"${received:-0 0}"
if [ "$events" != "$expected" ] || [ "$doubled" != 0 ]; then
    echo "callbacks: expected $expected events once each, the receiver got $events ($doubled more than once)" >&2
    status=1
fi
exit "$status"

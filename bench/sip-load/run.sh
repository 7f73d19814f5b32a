#!/usr/bin/env bash
# REFER load benchmark: SIPp calls at a fixed rate, against three servers in turn, in one run:
#  - core:    the bare SIP stack (bench/Swml.SipLoad) answers, REFERs the caller, follows the
#             NOTIFYs to success and hangs up;
#  - runtime: `swml run` serving the same steps as a SWML flow (answer, sip_refer with a
#             status_url, hangup), its status callbacks delivered to a local endpoint
#             (bench/Swml.CallbackReceiver), which must receive every one;
#  - sipp:    a SIPp UAS playing our side (uas_refer_server.xml), the baseline;
#  - http:    bench/Swml.HttpPostLoad, bare HttpClient POSTs of a callback's size to a second
#             receiver at twice the call rate (two callbacks a call): what the runtime's callbacks
#             cost at least, whoever sends them with HttpClient.
# Prints calls/s achieved, failed calls and CPU seconds per 1,000 calls for each server, and the
# runtime's CPU per call as a ratio of the core's, also less the bare HttpClient cost of its callbacks.
#   bench/sip-load/run.sh [rate=500] [seconds=30] [transport=u1|t1]   (issue 9's figure: run.sh 300 30)
# Each server first takes a warm-up of WARMUP_SECONDS (30) at the same rate, reported apart: it
# includes .NET's JIT and tiering, which a long-running server pays once. swml, a larger program,
# was still re-JITting hot methods (a fifth of its CPU, in perf) 8 to 23 s into a run at 200
# calls/s and no longer at 40 s; 5 s charged that to the runtime.
# Needs sipp (Debian package sip-tester). Binds 127.0.0.1 only; every process it starts is
# stopped by its process id.
set -euo pipefail

rate=${1:-500}
seconds=${2:-30}
transport=${3:-u1}
calls=$((rate * seconds))
warmup=${WARMUP_SECONDS:-30}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
caller_scenario="$root/tests/Swml.Sip.Interop.Tests/Scenarios/caller_success.xml"
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    exec 3>&- 2>/dev/null || true
}
trap cleanup EXIT

command -v sipp >/dev/null || { echo "sipp not found (apt-get install sip-tester)" >&2; exit 2; }
# free_port, cpu_ticks, stat_column, elapsed_seconds, udp_taken, start_receiver
. "$here/../lib/load.sh"

# SIPp's own socket buffers (64 KB by default) dropped our datagrams whenever it or we stalled
# for 100 ms at 1,000 calls/s; its strict scenario then failed calls on the retransmissions.
sipp_buffers=(-buff_size 4194304)

# Runs the SIPp caller against 127.0.0.1:$1 for $3 calls and leaves its final statistics in $2.
run_caller() {
    local target_port=$1 name=$2 calls=$3
    local status=0
    sipp "127.0.0.1:$target_port" -sf "$caller_scenario" -s load -t "$transport" \
        -i 127.0.0.1 -p "$(free_port)" -mi 127.0.0.1 -mp "$(free_port)" \
        -r "$rate" -m "$calls" -l $((rate * 10)) -recv_timeout 10000 "${sipp_buffers[@]}" \
        -nostdin -timeout $((seconds * 4))s -timeout_error \
        -trace_stat -stf "$work/$name-stat.csv" -fd 1 \
        -trace_err -error_file "$work/$name-errors.log" ${SIPP_EXTRA:-} >"$work/$name-sipp.out" 2>&1 || status=$?
    echo "$status" >"$work/$name-exit"
}

report() {
    local name=$1 ticks=$2
    local stat="$work/$name-stat.csv"
    local ok failed elapsed
    ok=$(stat_column "$stat" "SuccessfulCall(C)")
    failed=$(stat_column "$stat" "FailedCall(C)")
    elapsed=$(elapsed_seconds "$stat")
    awk -v name="$name" -v ok="$ok" -v failed="$failed" -v elapsed="$elapsed" -v ticks="$ticks" \
        -v hz="$ticks_per_second" -v code="$(cat "$work/$name-exit")" 'BEGIN {
        cpu = ticks / hz
        printf "%-12s calls ok %6d  failed %4d  sipp exit %d  %7.1f calls/s  cpu %6.2f s  %6.3f cpu-s per 1000 calls\n",
            name, ok, failed, code, ok / elapsed, cpu, cpu * 1000 / (ok > 0 ? ok : 1) }'
}

echo "building bench/Swml.SipLoad, swml and bench/Swml.CallbackReceiver (Release)"
for project in bench/Swml.SipLoad src/Swml.Cli bench/Swml.CallbackReceiver bench/Swml.HttpPostLoad; do
    dotnet build "$root/$project" -c Release -v quiet -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 2; }
done
server_dll=$(ls "$root"/bench/Swml.SipLoad/bin/Release/net*/Swml.SipLoad.dll | head -1)
swml_dll=$(ls "$root"/src/Swml.Cli/bin/Release/net*/swml.dll | head -1)
receiver_dll=$(ls "$root"/bench/Swml.CallbackReceiver/bin/Release/net*/Swml.CallbackReceiver.dll | head -1)
post_load_dll=$(ls "$root"/bench/Swml.HttpPostLoad/bin/Release/net*/Swml.HttpPostLoad.dll | head -1)

echo "rate $rate calls/s for $seconds s ($calls calls), transport $transport, work folder $work"

# --- our side -------------------------------------------------------------------------------
server_port=$(free_port)
mkfifo "$work/server-stdin"
dotnet "$server_dll" "$server_port" "sip:carol@127.0.0.1:5999" <"$work/server-stdin" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
pids+=("$server_pid")
exec 3>"$work/server-stdin"
for _ in $(seq 100); do grep -q '^ready' "$work/server.out" 2>/dev/null && break; sleep 0.1; done
grep -q '^ready' "$work/server.out" || { echo "server did not start:"; cat "$work/server.err"; exit 1; }

before=$(cpu_ticks "$server_pid")
run_caller "$server_port" swml-warmup $((rate * warmup))
ours_warmup=$(( $(cpu_ticks "$server_pid") - before ))
before=$(cpu_ticks "$server_pid")
run_caller "$server_port" swml "$calls"
ours=$(( $(cpu_ticks "$server_pid") - before ))
exec 3>&-
wait "$server_pid" || true
echo "swml server: $(grep '^transfers' "$work/server.out" || echo 'no transfers line')"

# --- swml run: the runtime serving a flow, callbacks on ----------------------------------------
receiver_port=$(free_port)
start_receiver receiver "$receiver_port" 4
receiver_pid=${pids[-1]}

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
runtime_port=$(free_port)
listen="udp:127.0.0.1:$runtime_port"
[ "$transport" = t1 ] && listen="tcp:127.0.0.1:$runtime_port"
dotnet "$swml_dll" run "$work/refer.swml" --listen "$listen" --quiet --report "$work/runtime-report.json" \
    --env "STATUS_URL=http://127.0.0.1:$receiver_port/refer-status" >"$work/runtime.out" 2>"$work/runtime.err" &
runtime_pid=$!
pids+=("$runtime_pid")
for _ in $(seq 100); do udp_taken "$runtime_port" && break; sleep 0.1; done
udp_taken "$runtime_port" || { echo "swml run did not start:"; cat "$work/runtime.err" "$work/runtime.out"; exit 1; }

before=$(cpu_ticks "$runtime_pid")
run_caller "$runtime_port" runtime-warmup $((rate * warmup))
runtime_warmup=$(( $(cpu_ticks "$runtime_pid") - before ))
before=$(cpu_ticks "$runtime_pid")
run_caller "$runtime_port" runtime "$calls"
runtime_ticks=$(( $(cpu_ticks "$runtime_pid") - before ))
# SIGTERM: swml run stops taking calls, delivers the callbacks still queued, and prints its summary.
kill -TERM "$runtime_pid"
wait "$runtime_pid" || true
exec 4>&-
wait "$receiver_pid" || true
echo "swml run: $(grep -A3 'calls served' "$work/runtime.out" | tr '\n' ' ')"
echo "callback receiver: $(cat "$work/receiver.out" | grep '^callbacks')"

# --- bare HttpClient POSTs, two per call, to a receiver of their own ----------------------------
post_receiver_port=$(free_port)
start_receiver post-receiver "$post_receiver_port" 5
post_receiver_pid=${pids[-1]}
post_status=0
dotnet "$post_load_dll" "http://127.0.0.1:$post_receiver_port/post" $((2 * rate)) "$seconds" 10 >"$work/post.out" 2>&1 || post_status=$?
exec 5>&-
wait "$post_receiver_pid" || true

# --- SIPp-only baseline ---------------------------------------------------------------------
uas_port=$(free_port)
sipp -sf "$here/uas_refer_server.xml" -t "$transport" -i 127.0.0.1 -p "$uas_port" \
    -mi 127.0.0.1 -mp "$(free_port)" -nostdin -recv_timeout 10000 "${sipp_buffers[@]}" >"$work/uas-sipp.out" 2>&1 &
uas_pid=$!
pids+=("$uas_pid")
sleep 1
run_caller "$uas_port" sipp-warmup $((rate * warmup))
before=$(cpu_ticks "$uas_pid")
run_caller "$uas_port" sipp "$calls"
theirs=$(( $(cpu_ticks "$uas_pid") - before ))
kill "$uas_pid" 2>/dev/null || true

echo
report swml-warmup "$ours_warmup"
report swml "$ours"
report runtime-warmup "$runtime_warmup"
report runtime "$runtime_ticks"
report sipp "$theirs"
echo "http-post    $(cat "$work/post.out")"
awk -v runtime="$runtime_ticks" -v core="$ours" 'BEGIN { printf "runtime / core CPU per call: %.2f\n", runtime / (core > 0 ? core : 1) }'
# The runtime's CPU per call less two bare POSTs (cpu-s per 1000 posts * 2 / 1000 = per call), over the core's.
post_per_1000=$(sed -n 's/.* \([0-9.]*\) cpu-s per 1000 posts/\1/p' "$work/post.out")
awk -v runtime="$runtime_ticks" -v core="$ours" -v calls="$calls" -v hz="$ticks_per_second" -v post="${post_per_1000:-0}" 'BEGIN {
    r = runtime / hz / calls; c = core / hz / calls; p = post / 1000
    printf "runtime less 2 bare POSTs / core CPU per call: %.2f (a POST costs %.0f us, a core call %.0f us)\n", (r - 2 * p) / (c > 0 ? c : 1), p * 1e6, c * 1e6 }'
echo "swml server: $(grep '^per call' "$work/server.out" || true)"
echo "swml server: $(grep '^worst' "$work/server.out" || true)"

# The run fails when any call failed on either side, or either SIPp caller exited non-zero.
status=0
for name in swml runtime sipp; do
    if [ "$(cat "$work/$name-exit")" != 0 ] || [ "$(stat_column "$work/$name-stat.csv" "FailedCall(C)")" != 0 ]; then
        echo "$name: failed calls or SIPp error, see $work/$name-sipp.out and $work/$name-errors.log" >&2
        status=1
    fi
done
[ "$post_status" = 0 ] || { echo "http-post: failed POSTs, see $work/post.out" >&2; status=1; }
grep -q 'failures=0' "$work/server.out" || { echo "swml server reported failures, see $work/server.err" >&2; status=1; }

# Every call of the runtime gives two callbacks (inProgress, success); none may be lost or doubled.
expected_callbacks=$(( 2 * (calls + rate * warmup) ))
received=$(sed -n 's/^callbacks received: \([0-9]*\), events \([0-9]*\) (\([0-9]*\) received.*/\2 \3/p' "$work/receiver.out")
read -r events doubled <<<"${received:-0 0}"
if [ "$events" != "$expected_callbacks" ] || [ "$doubled" != 0 ]; then
    echo "callbacks: expected $expected_callbacks events once each, the receiver got $events ($doubled more than once)" >&2
    status=1
fi
exit "$status"

#!/usr/bin/env bash
# HTTP throughput and latency of `GET /api/notes`, with and without the rate
# limiter, on loopback, with wrk.
#
#   benchmarks/q3-ratelimit/benches/http.sh
#
# Modes (see examples/bench_server.rs), identical but for the limiter:
#   none       no middleware
#   unlimited  the middleware over a store that accepts everything
#   memory     the middleware over the in-memory store (one hot client)
#   service    the service binary as shipped (access log on, RUST_LOG=warn),
#              in memory, 100000 requests per 1 s so wrk stays under it
# Each round runs every mode once, in turn, so that drift in the machine's
# load spreads over all of them; compare medians across rounds.
#
# Columns: requests/s and latency percentiles as wrk sees them, and the CPU
# time the server process itself spent per request (user + system, from
# /proc/<pid>/stat). The last is the steadiest figure on a shared machine:
# other processes slow the server down but do not add to its CPU time.
#
# Needs wrk (`sudo apt-get install -y wrk`). Settings: ROUNDS (3),
# DURATION (10s), CONNECTIONS (64), THREADS (2), PORT (18090).
set -euo pipefail

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-18090}
URL="http://127.0.0.1:${PORT}/api/notes"

if ! command -v wrk >/dev/null; then
    echo "wrk not found: install it with \`sudo apt-get install -y wrk\`" >&2
    exit 1
fi

cd "$(dirname "$0")/.."
cargo build --quiet --release --example bench_server
cargo build --quiet --release --package q3-ratelimit-solution --bin q3-ratelimit-solution
target=$(cargo metadata --format-version 1 --no-deps |
    grep -o '"target_directory":"[^"]*"' | cut -d'"' -f4)

server=""
stop_server() {
    if [[ -n "$server" ]]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
        server=""
    fi
}
trap stop_server EXIT

start_server() {
    local mode=$1
    if [[ "$mode" == service ]]; then
        PORT=$PORT RUST_LOG=warn RATE_LIMIT_MAX_REQUESTS=100000 RATE_LIMIT_WINDOW_SECS=1 \
            "$target/release/q3-ratelimit-solution" 2>/dev/null &
    else
        "$target/release/examples/bench_server" "$mode" "$PORT" 2>/dev/null &
    fi
    server=$!
    for _ in $(seq 100); do
        curl -fs -o /dev/null "$URL" && return 0
        sleep 0.1
    done
    echo "the $mode server did not start" >&2
    exit 1
}

# User + system CPU time of the server so far, in clock ticks.
cpu_ticks() {
    awk '{print $14 + $15}' "/proc/$server/stat"
}
ticks_per_sec=$(getconf CLK_TCK)

printf '%-10s %6s %12s %10s %10s %8s %14s\n' \
    mode round "requests/s" "p50" "p99" "non-2xx" "server CPU/req"
for round in $(seq "$ROUNDS"); do
    for mode in none unlimited memory service; do
        start_server "$mode"
        wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "$URL" >/dev/null # warm-up
        before=$(cpu_ticks)
        out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$URL")
        after=$(cpu_ticks)
        stop_server
        rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
        p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
        p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
        non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
        requests=$(awk '/requests in/ {print $1}' <<<"$out")
        cpu=$(awk -v t=$((after - before)) -v hz="$ticks_per_sec" -v n="$requests" \
            'BEGIN {printf "%.2f us", t / hz * 1e6 / n}')
        printf '%-10s %6s %12s %10s %10s %8s %14s\n' \
            "$mode" "$round" "$rps" "$p50" "$p99" "${non2xx:-0}" "$cpu"
    done
done

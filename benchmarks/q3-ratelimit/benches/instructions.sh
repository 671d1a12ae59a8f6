#!/usr/bin/env bash
# Instructions executed per decision and per request, counted by valgrind's
# cachegrind: exact and repeatable whatever else the machine is doing
# (unlike times, which a busy machine inflates at random).
#
#   benchmarks/q3-ratelimit/benches/instructions.sh
#
# 1. Decisions and in-process requests (examples/instructions.rs), each run
#    with FEW and MANY units of work: (instructions(MANY) -
#    instructions(FEW)) / (MANY - FEW) is the cost of one unit, setup
#    excluded.
# 2. Real HTTP requests (examples/bench_server.rs under valgrind, driven by
#    wrk for SECONDS): (instructions - instructions of the same server left
#    idle as long) / requests served. User space only: the kernel's share
#    (TCP, scheduling) is not counted; see README.md beside this folder for its size.
#
# Needs valgrind (`sudo apt-get install -y valgrind`) and, for part 2, wrk.
set -euo pipefail

FEW=${FEW:-2000}
MANY=${MANY:-12000}
SECONDS_BUSY=${SECONDS_BUSY:-8}
PORT=${PORT:-18190}

if ! command -v valgrind >/dev/null; then
    echo "valgrind not found: install it with \`sudo apt-get install -y valgrind\`" >&2
    exit 1
fi

cd "$(dirname "$0")/.."
cargo build --quiet --release --example instructions --example bench_server
target=$(cargo metadata --format-version 1 --no-deps |
    grep -o '"target_directory":"[^"]*"' | cut -d'"' -f4)
log=$(mktemp)
trap 'rm -f "$log"' EXIT

cachegrind=(valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null
    --log-file="$log")

instructions() {
    awk '/I *refs:/ {gsub(",", "", $NF); print $NF}' "$log"
}

printf '%-20s %18s\n' case "instructions/unit"
for what in decision-unlimited decision-memory request-none request-unlimited request-memory; do
    "${cachegrind[@]}" "$target/release/examples/instructions" "$what" "$FEW" 2>/dev/null
    few=$(instructions)
    "${cachegrind[@]}" "$target/release/examples/instructions" "$what" "$MANY" 2>/dev/null
    many=$(instructions)
    printf '%-20s %18s\n' "$what" $(((many - few) / (MANY - FEW)))
done

if ! command -v wrk >/dev/null; then
    echo "wrk not found: skipping the HTTP part (\`sudo apt-get install -y wrk\`)" >&2
    exit 0
fi

# Serves in `mode` under valgrind for 4 + SECONDS_BUSY seconds, with wrk
# sending requests for the last SECONDS_BUSY unless `idle`; prints the
# instructions, then the requests served.
serve() {
    local mode=$1 load=$2
    "${cachegrind[@]}" "$target/release/examples/bench_server" "$mode" "$PORT" 2>/dev/null &
    local server=$!
    sleep 4
    local requests=0
    if [[ "$load" == busy ]]; then
        requests=$(wrk -t1 -c8 -d"${SECONDS_BUSY}s" "http://127.0.0.1:$PORT/api/notes" |
            awk '/requests in/ {print $1}')
    else
        sleep "$SECONDS_BUSY"
    fi
    kill -TERM "$server"
    wait "$server" || true
    echo "$(instructions) $requests"
}

printf '\n%-20s %18s %10s\n' "HTTP, user space" "instructions/req" requests
for mode in none unlimited memory; do
    read -r idle _ < <(serve "$mode" idle)
    read -r busy requests < <(serve "$mode" busy)
    printf '%-20s %18s %10s\n' "request-$mode" $(((busy - idle) / requests)) "$requests"
done

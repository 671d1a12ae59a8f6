#!/usr/bin/env bash
# Wall time of `kit batch` over a made-up cohort of Q1 submissions: PYTHON
# copies of the Python reference server (tests/servers/products.py, every
# fifth with a fault) run by an interview-kit.toml, and RUST copies of the
# packaged Q1 starter (`kit package q1`), each with a change of its own so
# that no two hash alike. Not a test: run it by hand on an otherwise idle
# machine; docs/performance.md has the figures.
#
#   benchmarks/cohort/cohort-time.sh                  # 100 Python, 10 Rust, --jobs 2
#   PYTHON=30 RUST=0 JOBS=2 benchmarks/cohort/cohort-time.sh
#
# The Rust crates' first builds start from the exercise's dependency cache
# (target/dependency-cache/q1-products), which the batch compiles first when
# it is missing: remove it to time that once-per-machine build too.
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON=${PYTHON:-100}
RUST=${RUST:-10}
JOBS=${JOBS:-2}
work=${WORK:-target/cohort-bench}

cargo build --quiet --release -p kit
kit=target/release/kit
rm -rf "$work"
mkdir -p "$work/python" "$work/rust"

faults=(delete-always-204 create-200 like-unescaped total-unfiltered pagination-off-by-one)
for i in $(seq -w 1 "$PYTHON"); do
    dir="$work/python/py-$i"
    mkdir -p "$dir"
    cp graders/q1-products/tests/servers/products.py "$dir/"
    command="python3 products.py"
    if (( 10#$i % 5 == 0 )); then
        command="$command --fault ${faults[$(( (10#$i / 5) % ${#faults[@]} ))]}"
    fi
    printf 'command = "%s"\n' "$command" > "$dir/interview-kit.toml"
done

if (( RUST > 0 )); then
    "$kit" package q1 --out "$work/package" --force >/dev/null 2>&1
    for i in $(seq -w 1 "$RUST"); do
        cp -r "$work/package/q1-products-candidate" "$work/rust/rs-$i"
        printf '\n// candidate %s\n' "$i" >> "$work/rust/rs-$i/src/main.rs"
    done
fi

for kind in python rust; do
    count=$(find "$work/$kind" -mindepth 1 -maxdepth 1 -type d | wc -l)
    (( count > 0 )) || continue
    echo "== $count $kind submissions, --jobs $JOBS"
    start=$(date +%s.%N)
    "$kit" batch q1 "$work/$kind" --out "$work/$kind-reports" --jobs "$JOBS" --no-signals 2>&1 | tail -1
    end=$(date +%s.%N)
    python3 - "$work/$kind-reports/index.json" "$start" "$end" <<'PY'
import json, statistics, sys
index = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
entries = index["submissions"]
graded = [e for e in entries if e["outcome"] == "graded"]
times = [e["duration_ms"] / 1000 for e in graded]
print(f"wall {wall:.0f} s for {len(entries)} submissions ({len(graded)} graded); "
      f"per grading min/median/max {min(times):.1f}/{statistics.median(times):.1f}/{max(times):.1f} s; "
      f"scores {sorted(set(e.get('points') for e in graded))}")
PY
done

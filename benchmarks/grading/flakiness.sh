#!/usr/bin/env bash
# Flakiness of the grading: each reference solution graded REPEAT times by
# `kit grade --repeat`, which lists every check whose status was not the
# same in every grading (there should be none). Not a test: run it by hand;
# docs/performance.md has the figures.
#
#   benchmarks/grading/flakiness.sh                    # q1 q2 q3, 20 gradings each
#   STRESS=1 benchmarks/grading/flakiness.sh q2        # under `stress --cpu 2`
#   REPEAT=5 JOBS=8 benchmarks/grading/flakiness.sh q1 # 5 gradings, 8 checks at once
#
# Signals are left out (--no-signals): they time cargo, not the grading.
# Each summary is kept as target/grading-bench/<exercise>-flakiness.json
# (schema interview-kit/flakiness/v1, docs/report-format.md), with the
# first grading's report beside it. Exits non-zero when any check flipped.
set -euo pipefail
cd "$(dirname "$0")/../.."

REPEAT=${REPEAT:-20}
JOBS=${JOBS:-}
STRESS=${STRESS:-0}
exercises=("$@")
if [[ ${#exercises[@]} -eq 0 ]]; then
    exercises=(q1 q2 q3)
fi

source benchmarks/grading/solutions.sh
for exercise in "${exercises[@]}"; do
    solution_of "$exercise" >/dev/null
done

cargo build --quiet --release -p kit
kit=target/release/kit
out=target/grading-bench
mkdir -p "$out"

stress_pid=
if [[ $STRESS == 1 ]]; then
    if ! command -v stress >/dev/null; then
        echo "stress not found: install it with \`sudo apt-get install -y stress\`" >&2
        exit 1
    fi
    # Both cores busy for the whole series; stopped however the script ends.
    stress --cpu 2 >/dev/null 2>&1 &
    stress_pid=$!
    trap 'kill "$stress_pid" 2>/dev/null || true; wait "$stress_pid" 2>/dev/null || true' EXIT
    echo "stress --cpu 2 running (pid $stress_pid)"
fi

jobs_args=()
if [[ -n $JOBS ]]; then
    jobs_args=(--jobs "$JOBS")
fi

flaky=()
for exercise in "${exercises[@]}"; do
    solution=$(solution_of "$exercise")
    summary=$out/$exercise-flakiness.json
    echo "== $exercise: $solution, $REPEAT gradings${JOBS:+, --jobs $JOBS}${stress_pid:+, under stress --cpu 2}"
    status=0
    # The summary goes to stderr with the progress; keep only its lines.
    "$kit" grade "$exercise" "$solution" --no-signals "${jobs_args[@]}" \
        --repeat "$REPEAT" --repeat-out "$summary" \
        --format json --out "$out/$exercise-flakiness-report.json" 2>&1 |
        grep -Ev '^kit: (grading [0-9]+/|building |built in |service ready |running [0-9]+ checks|fetching )' ||
        status=${PIPESTATUS[0]}
    case $status in
        0) ;;
        3) flaky+=("$exercise") ;;
        *) echo "kit grade $exercise failed (exit $status)" >&2; exit "$status" ;;
    esac
done
echo "summaries: $out/*-flakiness.json"
if [[ ${#flaky[@]} -gt 0 ]]; then
    echo "checks changed status in: ${flaky[*]}" >&2
    exit 3
fi

#!/usr/bin/env bash
# Warm grading time of each reference solution, one check at a time
# (--jobs 1) and several at once, timed by hyperfine. Not a test: run it by
# hand on an otherwise idle machine; docs/performance.md has the figures.
#
#   benchmarks/grading/grading-time.sh                 # q1 q2 q3, 5 runs each
#   RUNS=10 JOBS="1 4 8" benchmarks/grading/grading-time.sh q2
#   LANGUAGE=python JOBS=8 benchmarks/grading/grading-time.sh   # the Python solutions
#
# Signals are left out (--no-signals): they time cargo, not the grading.
# With --jobs 1 among the settings, floors.py then prints the floor each
# exercise cannot beat on this machine (see its header).
# Every run's JSON report is kept under target/grading-bench/, and the
# score of the last run of each setting is printed: a fast run that lost
# points measures nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-5}
JOBS=${JOBS:-"1 8"}
exercises=("$@")
if [[ ${#exercises[@]} -eq 0 ]]; then
    exercises=(q1 q2 q3)
fi
if ! command -v hyperfine >/dev/null; then
    echo "hyperfine not found: install it with \`sudo apt-get install -y hyperfine\`" >&2
    exit 1
fi

source benchmarks/grading/solutions.sh

cargo build --quiet --release -p kit
kit=target/release/kit
# The Rust solutions' reports where floors.py reads them; other languages' apart.
case ${LANGUAGE:-rust} in
    rust) out=target/grading-bench ;;
    *) out=target/grading-bench/$LANGUAGE ;;
esac
mkdir -p "$out"

for exercise in "${exercises[@]}"; do
    solution=$(solution_of "$exercise")
    # Warm: the first grading builds the solution; later ones reuse it.
    "$kit" grade "$exercise" "$solution" --no-signals --format json \
        --out "$out/$exercise-warmup.json" 2>/dev/null
    commands=()
    for jobs in $JOBS; do
        commands+=(--command-name "$exercise --jobs $jobs"
            "$kit grade $exercise $solution --no-signals --jobs $jobs --format json --out $out/$exercise-jobs$jobs.json")
    done
    # The floor's overhead: a grading of the first check alone (kit start,
    # fetch, no-op build, service start and stop, one request).
    first_check=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["checks"][0]["id"])' \
        "$out/$exercise-warmup.json")
    commands+=(--command-name "$exercise overhead"
        "$kit grade $exercise $solution --no-signals --only $first_check --format json --out $out/$exercise-overhead.json")
    hyperfine --runs "$RUNS" --style basic --export-markdown "$out/$exercise.md" \
        --export-json "$out/$exercise.json" "${commands[@]}"
    for jobs in $JOBS; do
        printf '%s --jobs %s: %s\n' "$exercise" "$jobs" \
            "$("$kit" render "$out/$exercise-jobs$jobs.json" --format text | grep -m1 '^Score')"
    done
done
echo "tables: $out/*.md"
# The floor each exercise cannot beat here (needs the --jobs 1 runs).
if [[ " $JOBS " == *" 1 "* && ${LANGUAGE:-rust} == rust ]]; then
    python3 benchmarks/grading/floors.py "${exercises[@]}"
fi

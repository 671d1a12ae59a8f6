#!/usr/bin/env python3
"""The floor a grading cannot beat on this machine, from the reports and
timings benchmarks/grading/grading-time.sh leaves in target/grading-bench/.

For each exercise, from its `--jobs 1` run (every check uncontended):
- overhead: the wall time of a grading of the first check alone (`--only`:
  kit start, fetch, no-op build, service start and stop, one request);
- schedule floor: overhead + every `alone` check one after another (they run
  with nothing beside them) + the longest other check (however many run at
  once, a grading waits for it);
  When the longest check lends a wait to the alone checks (`Ctx::idle_for`,
  `LENT` below), they may run inside it: the floor is then overhead +
  the longer of that check and its busy part followed by the alone checks;
- for Q2, the CPU floor: the bcrypt hashes the run causes (requests to the
  main instance that took over 100 ms: register, login, reset confirm) times
  the median time of one, divided by the cores, plus the overhead. The
  floor is the higher of the two.
Which checks run alone is read from the suites' rows (`alone: true`).

Usage: floors.py q1 q2 q3   (after grading-time.sh with JOBS containing 1)
"""
import json
import os
import re
import statistics
import sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
BENCH = os.path.join(ROOT, "target", "grading-bench")
SUITES = {
    "q1": "graders/q1-products/src/suite.rs",
    "q2": "graders/q2-auth/src/suite.rs",
    "q3": "graders/q3-ratelimit/src/suite.rs",
}

# Seconds of a check's run it spends idle, lent to the alone checks
# (`cx.idle_for`): q2.login.throttling sleeps Retry-After (3 s for the
# reference solution) + 1.5 s.
LENT = {"q2.login.throttling": 4.5}


def alone_ids(exercise):
    source = open(os.path.join(ROOT, SUITES[exercise])).read()
    constants = dict(re.findall(r'const (\w+): &str = "([\w.]+)";', source))
    ids = []
    for row in re.split(r"check!\s*\{", source)[1:]:
        row = row.split("run:")[0]
        if "alone: true" in row:
            name = re.search(r"id:\s*\"?([\w.]+)\"?", row).group(1)
            ids.append(constants.get(name, name))
    return ids


def wall_seconds(exercise, command):
    with open(os.path.join(BENCH, f"{exercise}.json")) as file:
        runs = json.load(file)["results"]
    for run in runs:
        if run["command"] == f"{exercise} {command}":
            return run["mean"]
    raise SystemExit(f"no `{exercise} {command}` in {exercise}.json: run grading-time.sh (with JOBS containing 1)")


def bcrypt_floor(report):
    log = (report.get("service") or {}).get("output_tail", "")
    durations = [
        float(match.group(1))
        for line in log.splitlines()
        if "POST /auth/" in line
        for match in [re.search(r"([\d.]+)ms$", line)]
        if match and float(match.group(1)) > 100
    ]
    if not durations:
        return None
    one = statistics.median(durations) / 1000
    return len(durations), one, len(durations) * one / (os.cpu_count() or 1)


def main(exercises):
    for exercise in exercises:
        with open(os.path.join(BENCH, f"{exercise}-jobs1.json")) as file:
            report = json.load(file)
        durations = {check["id"]: check["duration_ms"] / 1000 for check in report["checks"]}
        alone = [check for check in alone_ids(exercise) if check in durations]
        shared = [check for check in durations if check not in alone]
        wall = wall_seconds(exercise, "--jobs 1")
        overhead = wall_seconds(exercise, "overhead")
        longest = max(shared, key=durations.get)
        alone_sum = sum(durations[check] for check in alone)
        lent = min(LENT.get(longest, 0.0), durations[longest])
        floor = overhead + max(durations[longest], durations[longest] - lent + alone_sum)
        print(
            f"{exercise}: --jobs 1 {wall:.1f} s; overhead {overhead:.1f} s; "
            f"{len(alone)} alone checks {alone_sum:.1f} s; "
            f"longest other check {longest} {durations[longest]:.1f} s "
            f"({lent:.1f} s of it lent to the alone checks); "
            f"schedule floor {floor:.1f} s"
        )
        if exercise == "q2":
            cpu = bcrypt_floor(report)
            if cpu:
                hashes, one, seconds = cpu
                print(
                    f"q2: {hashes} bcrypt hashes on the main instance x {one * 1000:.0f} ms "
                    f"/ {os.cpu_count()} cores = {seconds:.1f} s; CPU floor (+ overhead) "
                    f"{overhead + seconds:.1f} s; floor {max(floor, overhead + seconds):.1f} s"
                )


if __name__ == "__main__":
    main(sys.argv[1:] or ["q1", "q2", "q3"])

#!/usr/bin/env bash
# Watch delivery delay, commit to client (README "Change feed"), one command:
#   tools/benchmark/watch-delay.sh [--writes 500] [--rate 20] [--warm-up 100]
# Builds incidents-service and the benchmark (skip with --no-build as the first argument), starts an
# embedded PostgreSQL and the service in tools/benchmark/target/watch-delay-run/ (made anew each run;
# the service log is there), watches while writing, and prints p50/p90/p99/max.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [[ "${1:-}" == "--no-build" ]]; then
  shift
else
  ./mvnw -B -q package -DskipTests -pl incidents-service,tools/benchmark -am
fi
exec java -cp tools/benchmark/target/benchmark.jar org.corridorwatch.benchmark.WatchDelay --repository "$root" "$@"

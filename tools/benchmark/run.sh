#!/usr/bin/env bash
# The performance benchmark (README "Performance"), one command:
#   tools/benchmark/run.sh [--incidents 1000000] [--deals 100000] [--statements 50000]
#       [--duration 20s] [--latency-duration 10s] [--concurrency 32] [--connections 8] [--warm-up 90s] [--fresh]
#       [--only get,create,list,filter,summary,export] [--jvm-options FILE]
# Builds the three services and the benchmark (skip with --no-build as the first argument), then runs
# it. The generated database stays in tools/benchmark/target/benchmark-run/ and is reused by the next
# run with the same sizes (--fresh makes it anew); service logs are there too.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [[ "${1:-}" == "--no-build" ]]; then
  shift
else
  ./mvnw -B -q package -DskipTests -pl incidents-service,investments-service,diplomacy-service,tools/benchmark -am
fi
# The services' JVMs inherit this environment: the malloc arenas of run.sh and the container image.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec java -jar tools/benchmark/target/benchmark.jar --repository "$root" "$@"

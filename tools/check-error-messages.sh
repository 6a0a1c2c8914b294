#!/usr/bin/env bash
# Starts the local stack (the three services as the build made them, an embedded PostgreSQL, the
# seed data) on free ports with a throwaway data folder, runs tools/error-messages.test.js (a
# grpc-js client: error messages must arrive as the services wrote them) against it with an editor
# token minted with the stack's key, and stops it.
# Needs the build (./mvnw verify or install), Node.js and npm. Used by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=local-stack/target/local-stack-runner.jar
[[ -f "$jar" ]] || { echo "check-error-messages.sh: $jar is missing; build first (./mvnw install -DskipTests)" >&2; exit 1; }
[[ -d tools/node_modules/@grpc/grpc-js ]] || (cd tools && npm ci --no-audit --no-fund --loglevel=error)

free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for _ in $(seq 1 50); do
  base=$((20000 + RANDOM % 20000))
  if free "$base" && free $((base + 1)) && free $((base + 2)) && free $((base + 3)); then break; fi
done

home=$(mktemp -d)
log="$home/stack.log"
CORRIDORWATCH_HOME="$home" CORRIDORWATCH_FIRST_PORT="$base" CORRIDORWATCH_POSTGRES_PORT=$((base + 3)) \
  java -jar "$jar" up >"$log" 2>&1 &
stack=$!
stop() {
  kill -TERM "$stack" 2>/dev/null || true
  wait "$stack" 2>/dev/null || true
  rm -rf "$home"
}
trap stop EXIT

# The stack prints this once every service is SERVING and the seed data is loaded.
for _ in $(seq 1 300); do
  grep -q "Press Ctrl-C to stop everything." "$log" && break
  if ! kill -0 "$stack" 2>/dev/null; then
    cat "$log" >&2
    echo "check-error-messages.sh: the local stack stopped before it was ready" >&2
    exit 1
  fi
  sleep 1
done
grep -q "Press Ctrl-C to stop everything." "$log" || { cat "$log" >&2; echo "local stack not ready in 300 s" >&2; exit 1; }

# The calls need a token (editor: the test updates a record); minted with the stack's own key.
token=$(CORRIDORWATCH_HOME="$home" java -jar "$jar" token --role editor --subject check-error-messages --hours 1)

CORRIDORWATCH_INCIDENTS_ADDRESS="localhost:$base" CORRIDORWATCH_INVESTMENTS_ADDRESS="localhost:$((base + 1))" \
CORRIDORWATCH_DIPLOMACY_ADDRESS="localhost:$((base + 2))" CORRIDORWATCH_TOKEN="$token" \
  node --test tools/error-messages.test.js

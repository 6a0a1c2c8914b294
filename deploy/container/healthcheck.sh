#!/bin/bash
# Container health probe for the Corridor Watch services, used by docker-compose.
#
# Why a bash script: the native images run on quay.io/quarkus/ubi9-quarkus-micro-image, which has
# bash and coreutils but no curl or wget, and a native executable cannot probe itself. bash can
# open TCP connections through its /dev/tcp redirections, so this speaks just enough HTTP/1.1 to
# ask Quarkus for a health endpoint, using only bash builtins. The JVM images (UBI OpenJDK runtime)
# have bash too, so both variants use the same probe. Kubernetes does not need it: it probes the
# gRPC health service natively.
#
# Usage: healthcheck [PATH]   PATH defaults to /q/health/ready.
# Exits 0 when the service answers 200, 1 otherwise (connection refused, timeout, DOWN = 503).
set -u

path="${1:-/q/health/ready}"
port="${QUARKUS_HTTP_PORT:-8080}"

# Connection refused makes the redirection fail; the caller's timeout covers a hung connect.
if ! exec 3<>"/dev/tcp/127.0.0.1/${port}"; then
  echo "unhealthy: nothing listens on port ${port}" >&2
  exit 1
fi
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3

status=""
if ! IFS= read -r -t 5 status <&3; then
  echo "unhealthy: no answer on port ${port} within 5 s" >&2
  exit 1
fi
exec 3<&-

# The status line looks like "HTTP/1.1 200 OK".
case "$status" in
  "HTTP/1."?" 200 "*) exit 0 ;;
  *) echo "unhealthy: ${path} answered '${status%$'\r'}'" >&2; exit 1 ;;
esac

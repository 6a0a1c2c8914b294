#!/usr/bin/env bash
# Validates Corridor Watch's deployment files offline; no cluster and no container engine needed.
#
#   1. Kubernetes: renders every overlay in deploy/kubernetes/overlays with `kubectl kustomize`
#      and checks every object against the Kubernetes schemas (kubernetes-models 4.x) and
#      CloudNativePG's Cluster model, that the shared service and database definitions left no
#      placeholder, the security rules on every Deployment, TLS (Services and calls on the TLS
#      port, the certificate from the corridorwatch-tls Secret, plaintext only for the probes),
#      that no secret value is committed, and the network paths the NetworkPolicies open
#      (deploy/validate-manifests.js); where a kubectl.1.27 is installed beside kubectl, that the
#      oldest kubectl the README supports renders the same.
#   2. Containers: lints the Dockerfiles, checks pinned bases and non-root users, that one
#      Dockerfile pair (deploy/container) builds every service with SERVICE passed by compose,
#      and the .dockerignore allow-list (deploy/validate-dockerfiles.js); runs the compose
#      healthcheck script against a local HTTP server.
#   3. Compose: `docker-compose config -q` on docker-compose.yml (Debian's docker-compose 1.29).
#
# Works on a fresh Debian machine from any directory, without a terminal: as root or with CI=true
# it installs what is missing (npm packages pinned in deploy/package-lock.json via `npm ci`;
# nodejs, npm and docker-compose from Debian). kubectl must be installed. Exits non-zero on any
# problem.
set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$DEPLOY_DIR")"
cd "$REPO_DIR"

log() { echo "validate.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }
step() { printf '\n--- %s\n' "$*"; }

may_install() { [ "${CI:-}" = "true" ] || [ "$(id -u)" = 0 ]; }
apt_updated=false
apt_install() {
  may_install || die "$1 is missing; install it (apt-get install $*) or run as root / with CI=true"
  command -v apt-get >/dev/null || die "$1 is missing and apt-get is not available to install it"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo -n"
  if [ "$apt_updated" = false ]; then
    $sudo apt-get update -qq
    apt_updated=true
  fi
  log "installing $* from Debian"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" </dev/null >/dev/null
}

# --- Tools -------------------------------------------------------------------------------------
command -v kubectl >/dev/null || die "kubectl is required (it renders the kustomize overlays)"
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
command -v docker-compose >/dev/null || apt_install docker-compose

# npm ci when the pinned packages are not installed yet or the lock file changed since.
if [ ! -f "$DEPLOY_DIR/node_modules/.package-lock.json" ] \
   || [ "$DEPLOY_DIR/package-lock.json" -nt "$DEPLOY_DIR/node_modules/.package-lock.json" ]; then
  log "installing the pinned validation packages (npm ci in deploy/)"
  (cd "$DEPLOY_DIR" && npm ci --no-audit --no-fund --loglevel=error </dev/null >/dev/null)
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

failed=0

# --- 1. Kubernetes -----------------------------------------------------------------------------
step "Kubernetes: render every overlay, validate schemas, security rules, TLS and network paths"
overlays=("$DEPLOY_DIR"/kubernetes/overlays/*/)
kubectl_1_27="$(dirname "$(readlink -f "$(command -v kubectl)")")/kubectl.1.27"
[ -d "${overlays[0]}" ] || die "no overlays under deploy/kubernetes/overlays"
for dir in "${overlays[@]}"; do
  overlay="$(basename "$dir")"
  if ! kubectl kustomize "$dir" >"$work/$overlay.yaml" 2>"$work/$overlay.err"; then
    echo "FAIL $overlay: kubectl kustomize failed:" >&2
    cat "$work/$overlay.err" >&2
    failed=1
    continue
  fi
  node "$DEPLOY_DIR/validate-manifests.js" "$overlay" "$work/$overlay.yaml" || failed=1
  # The README promises kubectl 1.27 or newer (kustomize 5.0, which orders components and
  # generators differently from 5.1+). Where the Google Cloud SDK installed its kubectl.1.27 beside
  # kubectl, as on these machines, the overlay must render the same with it.
  if [ -x "$kubectl_1_27" ]; then
    if "$kubectl_1_27" kustomize "$dir" 2>&1 | cmp -s - "$work/$overlay.yaml"; then
      echo "ok   $overlay: kubectl 1.27 renders the same"
    else
      echo "FAIL $overlay: kubectl 1.27 (kustomize 5.0) renders it differently or fails" >&2
      failed=1
    fi
  fi
done

# --- 2. Containers -----------------------------------------------------------------------------
step "Containers: Dockerfiles, .dockerignore, healthcheck script"
node "$DEPLOY_DIR/validate-dockerfiles.js" "$REPO_DIR" || failed=1
for script in deploy/container/healthcheck.sh deploy/compose/postgres-init.sh deploy/compose/make-dev-keys.sh; do
  bash -n "$script" || { echo "FAIL $script: bash syntax" >&2; failed=1; }
done

# The healthcheck must pass on 200 and fail on 503 (DOWN) and on a closed port. A throwaway
# HTTP server on the loopback interface stands in for Quarkus.
node -e '
  const http = require("http");
  const s = http.createServer((q, r) => { r.statusCode = q.url === "/q/health/ready" ? 200 : 503; r.end("{}"); });
  s.listen(0, "127.0.0.1", () => { require("fs").writeFileSync(process.argv[1], String(s.address().port)); });
  setTimeout(() => process.exit(0), 60000);
' "$work/port" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port="$(cat "$work/port" 2>/dev/null || true)"
if [ -z "$port" ]; then
  echo "FAIL healthcheck self-test: the test HTTP server did not start" >&2
  failed=1
else
  hc=deploy/container/healthcheck.sh
  if QUARKUS_HTTP_PORT="$port" timeout 10 bash "$hc" /q/health/ready \
     && ! QUARKUS_HTTP_PORT="$port" timeout 10 bash "$hc" /q/health/live 2>/dev/null \
     && ! QUARKUS_HTTP_PORT=1 timeout 10 bash "$hc" 2>/dev/null; then
    echo "ok   healthcheck.sh: healthy on 200, unhealthy on 503 and on a closed port"
  else
    echo "FAIL healthcheck.sh: wrong verdict against the test server" >&2
    failed=1
  fi
fi

# --- 3. Compose --------------------------------------------------------------------------------
step "Compose: docker-compose config -q ($(docker-compose version --short 2>/dev/null || echo '?'))"
# An empty environment file stands in for a developer's .env, so the check sees the defaults.
: >"$work/empty.env"
if docker-compose --env-file "$work/empty.env" -f docker-compose.yml config -q; then
  services="$(docker-compose --env-file "$work/empty.env" -f docker-compose.yml --profile integration-tests config --services | sort | tr '\n' ' ')"
  expected="diplomacy-service incidents-service integration-tests investments-service postgres "
  if [ "$services" = "$expected" ]; then
    echo "ok   docker-compose.yml: valid; services: $services"
  else
    echo "FAIL docker-compose.yml: services are '$services', expected '$expected'" >&2
    failed=1
  fi
else
  echo "FAIL docker-compose.yml: docker-compose config -q failed" >&2
  failed=1
fi

if [ "$failed" != 0 ]; then
  log "FAILED"
  exit 1
fi
echo
echo "deploy/validate.sh: all deployment checks passed"

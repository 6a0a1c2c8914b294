#!/usr/bin/env bash
# Lints the .proto contracts under proto/src/main/proto with buf (configuration: proto/buf.yaml),
# after proving with `buf build` that every file and import compiles.
#
# Works on a fresh Linux machine, from any directory, without the Maven build having run:
#   1. installs the buf version pinned in tools/package-lock.json (`npm ci`) unless it is there;
#   2. extracts google/type/** and google/rpc/** from Maven Central's proto-google-common-protos
#      jar into proto/target/third-party-protos (git-ignored), fetching the jar with the Maven
#      wrapper when the local Maven repository does not have it;
#   3. runs `buf build` and `buf lint`. Exits non-zero on any build error or lint finding.
#
# Extra arguments go to `buf lint`, e.g. `proto/lint.sh --error-format=github-actions`.
set -euo pipefail

PROTO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$PROTO_DIR")"
TOOLS_DIR="$REPO_DIR/tools"

# Keep in step with the proto-google-common-protos version the services get from Maven.
COMMON_PROTOS_VERSION="2.65.1"
COMMON_PROTOS_GAV="com.google.api.grpc:proto-google-common-protos:$COMMON_PROTOS_VERSION"
COMMON_PROTOS_JAR_NAME="proto-google-common-protos-$COMMON_PROTOS_VERSION.jar"
THIRD_PARTY_DIR="$PROTO_DIR/target/third-party-protos"
THIRD_PARTY_STAMP="$THIRD_PARTY_DIR/.extracted-from-$COMMON_PROTOS_JAR_NAME"
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

log() { echo "lint.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

# --- 1. buf ---------------------------------------------------------------------------------
# tools/package.json pins the platform packages of buf (@bufbuild/buf-linux-*), not the
# @bufbuild/buf wrapper: the wrapper lists macOS and Windows packages that the npm registry
# reachable here does not serve, so its lockfile could never satisfy `npm ci`.
case "$(uname -s)/$(uname -m)" in
  Linux/x86_64 | Linux/amd64) BUF_PACKAGE="@bufbuild/buf-linux-x64" ;;
  Linux/aarch64 | Linux/arm64) BUF_PACKAGE="@bufbuild/buf-linux-aarch64" ;;
  *) die "no buf package pinned in tools/package.json for $(uname -s)/$(uname -m)" ;;
esac
command -v npm >/dev/null 2>&1 || die "npm is needed to install buf (tools/package.json)"
BUF="$TOOLS_DIR/node_modules/$BUF_PACKAGE/bin/buf"
BUF_VERSION="$(node -p "require(process.argv[1]).optionalDependencies[process.argv[2]]" \
  "$TOOLS_DIR/package.json" "$BUF_PACKAGE")"

if [[ ! -x "$BUF" ]] || [[ "$("$BUF" --version 2>/dev/null || true)" != "$BUF_VERSION" ]]; then
  log "installing buf $BUF_VERSION (npm ci in tools/)"
  (cd "$TOOLS_DIR" && npm ci --no-audit --no-fund --loglevel=error) >&2
  [[ -x "$BUF" ]] || die "npm ci did not install $BUF_PACKAGE"
fi

# --- 2. Google common protos ----------------------------------------------------------------
if [[ ! -f "$THIRD_PARTY_STAMP" ]]; then
  jar="$HOME/.m2/repository/com/google/api/grpc/proto-google-common-protos/$COMMON_PROTOS_VERSION/$COMMON_PROTOS_JAR_NAME"
  if [[ ! -f "$jar" ]]; then
    jar_dir="$PROTO_DIR/target/third-party-jars"
    jar="$jar_dir/$COMMON_PROTOS_JAR_NAME"
    if [[ ! -f "$jar" ]]; then
      log "fetching $COMMON_PROTOS_GAV with the Maven wrapper"
      # Run from an empty directory so that no project (nor a half-edited pom.xml) is read.
      empty_dir="$(mktemp -d)"
      trap 'rm -rf "$empty_dir"' EXIT
      (cd "$empty_dir" && "$REPO_DIR/mvnw" -B -q "$DEPENDENCY_PLUGIN:copy" \
        -Dartifact="$COMMON_PROTOS_GAV" -DoutputDirectory="$jar_dir") >&2
      [[ -f "$jar" ]] || die "Maven did not fetch $COMMON_PROTOS_GAV"
    fi
  fi

  log "extracting google/type and google/rpc protos from $COMMON_PROTOS_JAR_NAME"
  staging="$THIRD_PARTY_DIR.tmp"
  rm -rf "$staging" "$THIRD_PARTY_DIR"
  mkdir -p "$staging"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$jar" 'google/type/*.proto' 'google/rpc/*.proto' -d "$staging"
  else
    (cd "$staging" && jar xf "$jar" google/type google/rpc)
  fi
  [[ -f "$staging/google/type/date.proto" ]] || die "no google/type/date.proto in $jar"
  touch "$staging/$(basename "$THIRD_PARTY_STAMP")"
  mv "$staging" "$THIRD_PARTY_DIR"
fi

# --- 3. build and lint ----------------------------------------------------------------------
cd "$PROTO_DIR"
"$BUF" build
"$BUF" lint "$@"
log "buf $BUF_VERSION: build and lint clean"

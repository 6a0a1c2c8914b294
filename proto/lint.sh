#!/usr/bin/env bash
# Checks the .proto contracts under proto/src/main/proto with buf (configuration: proto/buf.yaml):
# `buf build` proves that every file and import compiles, `buf lint` applies the style rules, and
# `buf breaking` refuses a change that would break clients of the published contract.
#
# Works on a fresh Linux machine, from any directory, without the Maven build having run:
#   1. installs the buf version pinned in tools/package-lock.json (`npm ci`) unless it is there;
#   2. extracts google/api/*, google/type/** and google/rpc/** from Maven Central's
#      proto-google-common-protos jar into proto/target/third-party-protos (git-ignored), fetching
#      the jar with the Maven wrapper when the local Maven repository does not have it;
#   3. runs `buf build`, `buf lint`, a check that every field carries a
#      (google.api.field_behavior), and `buf breaking` (below). Exits non-zero on any build error,
#      lint finding, field without a behaviour or breaking change.
#
# Extra arguments go to `buf lint`, e.g. `proto/lint.sh --error-format=github-actions`.
#
# Breaking changes. The contract is compared, under buf's WIRE_JSON rules (what breaks a client
# on the binary wire or in proto JSON: field numbers, types, names, enum values, removed
# messages and RPCs; not Java or other language options), with a baseline image kept in the
# repository, proto/breaking-baseline/contract-<commit>.binpb: the contract as it was at
# <commit>. The baseline was made with
#
#     proto/lint.sh --make-baseline 823fcd8
#
# which builds, in a temporary directory, the proto/ files of that commit (`git archive`) with the
# same third-party protos, and writes `buf build --exclude-source-info` of the corridorwatch
# module (with the Google protos it imports) to that file. 823fcd8 is the contract before the
# field behaviours and resource annotations were added. WIRE_JSON compares no language or custom
# options, so neither those annotations nor the one deliberate change since then that a stricter rule set
# (FILE) would refuse, the java_package of every file, count as breaking.
#
# Move the baseline when a version of the contract is released, and only then: run
# `proto/lint.sh --make-baseline <release commit or tag>`, point BREAKING_BASELINE below at the
# new file, delete the old one and commit both in one commit. Between releases the baseline stays
# put, so every change since the last release is checked, not only the latest commit's. A change
# that must break the contract belongs in a new package version (corridorwatch.<area>.v2), not in
# a moved baseline.
set -euo pipefail

PROTO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$PROTO_DIR")"
TOOLS_DIR="$REPO_DIR/tools"

# Keep in step with the proto-google-common-protos version the services get from Maven.
COMMON_PROTOS_VERSION="2.65.1"
COMMON_PROTOS_GAV="com.google.api.grpc:proto-google-common-protos:$COMMON_PROTOS_VERSION"
COMMON_PROTOS_JAR_NAME="proto-google-common-protos-$COMMON_PROTOS_VERSION.jar"
THIRD_PARTY_DIR="$PROTO_DIR/target/third-party-protos"
# Names what was extracted, so an extraction by an older lint.sh (without google/api) is redone.
THIRD_PARTY_STAMP="$THIRD_PARTY_DIR/.extracted-api-type-rpc-from-$COMMON_PROTOS_JAR_NAME"
BREAKING_BASELINE="$PROTO_DIR/breaking-baseline/contract-823fcd8.binpb"
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

log() { echo "lint.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

make_baseline_of=""
if [[ "${1:-}" == "--make-baseline" ]]; then
  [[ $# -eq 2 ]] || die "usage: proto/lint.sh --make-baseline <commit or tag>"
  make_baseline_of="$2"
fi

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

  log "extracting google/api, google/type and google/rpc protos from $COMMON_PROTOS_JAR_NAME"
  staging="$THIRD_PARTY_DIR.tmp"
  rm -rf "$staging" "$THIRD_PARTY_DIR"
  mkdir -p "$staging"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$jar" 'google/api/*.proto' 'google/type/*.proto' 'google/rpc/*.proto' -d "$staging"
  else
    (cd "$staging" && jar xf "$jar" google/api google/type google/rpc)
  fi
  [[ -f "$staging/google/type/date.proto" ]] || die "no google/type/date.proto in $jar"
  [[ -f "$staging/google/api/field_behavior.proto" ]] \
    || die "no google/api/field_behavior.proto in $jar"
  touch "$staging/$(basename "$THIRD_PARTY_STAMP")"
  mv "$staging" "$THIRD_PARTY_DIR"
fi

# --- 3. build, lint, breaking ---------------------------------------------------------------
if [[ -n "$make_baseline_of" ]]; then
  commit="$(git -C "$REPO_DIR" rev-parse --short "$make_baseline_of^{commit}")" \
    || die "no commit $make_baseline_of"
  out="$PROTO_DIR/breaking-baseline/contract-$commit.binpb"
  old_tree="$(mktemp -d)"
  trap 'rm -rf "$old_tree" "${empty_dir:-}"' EXIT
  git -C "$REPO_DIR" archive "$commit" proto/buf.yaml proto/src/main/proto | tar -x -C "$old_tree"
  mkdir -p "$old_tree/proto/target" "$(dirname "$out")"
  cp -R "$THIRD_PARTY_DIR" "$old_tree/proto/target/"
  # The corridorwatch module without its comments (only names and numbers are compared). The
  # Google protos it imports come along, marked as imports: buf needs them to read the image,
  # and does not compare them.
  (cd "$old_tree/proto" && "$BUF" build src/main/proto --exclude-source-info -o "$out")
  log "wrote ${out#"$REPO_DIR"/}; now point BREAKING_BASELINE in proto/lint.sh at it"
  exit 0
fi

cd "$PROTO_DIR"
"$BUF" build
"$BUF" lint "$@"
# No buf rule checks this: every field says how the service treats it (AIP-203), because clients
# read it and service-support's MaskRules derives the update_mask rules from it.
"$BUF" build src/main/proto --exclude-imports --exclude-source-info -o -#format=json | node -e '
  const image = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const missing = [];
  const visit = (file, scope, message) => {
    const name = scope + "." + message.name;
    for (const field of message.field || []) {
      if (!(field.options || {})["[google.api.field_behavior]"]) {
        missing.push(file + ": " + name + "." + field.name);
      }
    }
    for (const nested of message.nestedType || []) visit(file, name, nested);
  };
  for (const file of image.file) {
    for (const message of file.messageType || []) visit(file.name, file.package, message);
  }
  if (missing.length) {
    console.error("lint.sh: fields without (google.api.field_behavior):\n  " + missing.join("\n  "));
    process.exit(1);
  }'
[[ -f "$BREAKING_BASELINE" ]] || die "no breaking-change baseline ${BREAKING_BASELINE#"$REPO_DIR"/}"
"$BUF" breaking src/main/proto --against "$BREAKING_BASELINE"
log "buf $BUF_VERSION: build, lint, field behaviours and breaking" \
  "(against ${BREAKING_BASELINE#"$PROTO_DIR"/}) clean"

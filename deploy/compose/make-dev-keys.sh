#!/usr/bin/env bash
# Writes the RSA key pair that docker-compose.yml's services sign and verify tokens with:
# private.pem (PKCS#8) and public.pem in CORRIDORWATCH_KEYS_DIR (default .corridorwatch/compose-keys,
# which git ignores). Run it once before the first `docker compose up`; it never overwrites a key
# pair (delete the folder for a new one, which makes every token issued so far invalid).
#
# The folder is private to its owner (0700); the files in it are world-readable (0644) because
# compose mounts them one by one into containers whose users (185, 1001) are not the owner, and a
# file mount is reached without the folder's permissions. For anything but a local machine, use
# your deployment's secret store instead (README "Kubernetes").
#
# Then mint tokens with the same key (after ./mvnw install -DskipTests):
#   java -jar local-stack/target/local-stack-runner.jar token --role editor --subject alice \
#     --key .corridorwatch/compose-keys/private.pem --issuer https://corridorwatch.local/compose
set -euo pipefail
cd "$(dirname "$0")/../.."

dir="${CORRIDORWATCH_KEYS_DIR:-.corridorwatch/compose-keys}"
if [[ -e "$dir/private.pem" ]]; then
  echo "make-dev-keys.sh: $dir/private.pem exists; keeping it"
  exit 0
fi
command -v openssl >/dev/null || { echo "make-dev-keys.sh: openssl is required" >&2; exit 1; }
mkdir -p "$dir"
chmod 0700 "$dir"
umask 022
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/private.pem" 2>/dev/null
openssl pkey -in "$dir/private.pem" -pubout -out "$dir/public.pem"
chmod 0644 "$dir/private.pem" "$dir/public.pem"
echo "make-dev-keys.sh: wrote $dir/private.pem and $dir/public.pem"

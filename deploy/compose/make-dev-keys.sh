#!/usr/bin/env bash
# Writes the two RSA key pairs docker-compose.yml uses, in CORRIDORWATCH_KEYS_DIR (default
# .corridorwatch/compose-keys, which git ignores):
#   private.pem, public.pem                    the users' pair: the private key mints users' tokens
#                                              (never mounted into a service), the services verify
#                                              with the public key;
#   services/private.pem, services/public.pem  the services' own pair: they sign their
#                                              reference-check tokens with it (reader at most).
# Run it once before the first `docker compose up`; it never overwrites a key pair (delete it for
# a new one, which makes every token issued with it invalid).
#
# The folders are private to their owner (0700); the files in them are world-readable (0644)
# because compose mounts them one by one into containers whose users (185, 1001) are not the
# owner, and a file mount is reached without the folder's permissions. For anything but a local
# machine, use your deployment's secret store instead (README "Kubernetes").
#
# Then mint tokens with the users' key (after ./mvnw install -DskipTests):
#   java -jar local-stack/target/local-stack-runner.jar token --role editor --subject alice \
#     --key .corridorwatch/compose-keys/private.pem --issuer https://corridorwatch.local/compose
set -euo pipefail
cd "$(dirname "$0")/../.."

dir="${CORRIDORWATCH_KEYS_DIR:-.corridorwatch/compose-keys}"
command -v openssl >/dev/null || { echo "make-dev-keys.sh: openssl is required" >&2; exit 1; }

pair() {
  local folder=$1
  if [[ -d "$folder/private.pem" || -d "$folder/public.pem" ]]; then
    # What Docker leaves when compose started before this script: a bind mount of a missing file
    # creates a directory in its place.
    echo "make-dev-keys.sh: $folder/private.pem or public.pem is a directory (made by a compose start" \
      "before the keys existed); remove it (sudo rm -r) and run this again" >&2
    exit 1
  fi
  if [[ -f "$folder/private.pem" && -f "$folder/public.pem" ]]; then
    echo "make-dev-keys.sh: $folder/private.pem exists; keeping it"
    return
  fi
  mkdir -p "$folder"
  chmod 0700 "$folder"
  (umask 022
   openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$folder/private.pem" 2>/dev/null
   openssl pkey -in "$folder/private.pem" -pubout -out "$folder/public.pem")
  chmod 0644 "$folder/private.pem" "$folder/public.pem"
  echo "make-dev-keys.sh: wrote $folder/private.pem and $folder/public.pem"
}

pair "$dir"
pair "$dir/services"

#!/usr/bin/env bash
# The README's run command works on a fresh clone: this checkout's HEAD is cloned into a temporary folder (nothing
# built there), the command from README.md's "Two commands" table is started in it, word for word, with the caller's
# java and PATH (.ci/run passes the machine's own: default java 17, JDK 25 only under /usr/lib/jvm) and the WireMock Poe
# stand-in as Poe; once ready, scripts/generate_image.py generates one image through it, and SIGTERM must stop it
# gracefully. The Maven local repository (~/.m2) is the usual one, so nothing is downloaded again.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/standin.sh

work="$PWD/target/fresh-clone"
rm -rf "$work"
mkdir -p "$work"
clone="$(mktemp -d)"
finish() { stop_all_groups; rm -rf "$clone"; }
trap finish EXIT

if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "fresh-clone: note: uncommitted changes are not in the clone, which has HEAD only" >&2
fi
git clone -q "$PWD" "$clone"
run_command="$(sed -n 's/^| run the bridge[^|]*| `\([^`]*\)` |$/\1/p' "$clone/README.md")"
if [ -z "$run_command" ]; then
  echo "fresh-clone: README.md's 'Two commands' table has no 'run the bridge' row with a command" >&2
  exit 1
fi

start_poe_standin "$work"
bridge_port="$(free_port)"
echo "fresh-clone: starting \`$run_command\` in a fresh clone of $(git rev-parse --short HEAD)"
started_at=$SECONDS
# The stand-in serves images from 127.0.0.1, which b64_json downloads may only reach when private networks are allowed.
# Loopback only: CI need not expose the bridge.
start_group "$work/bridge.log" "$clone" env PORT="$bridge_port" POE_BASE_URL="$poe_url" \
  POE_UPLOAD_URL="${poe_url}/upload" IMAGES_DOWNLOAD_ALLOW_PRIVATE_NETWORKS=true QUARKUS_HTTP_HOST=127.0.0.1 \
  bash -c "$run_command"
bridge="$started_pid"
bridge_url="http://127.0.0.1:${bridge_port}"
# A first build downloads nothing here but compiles and packages on a busy 2-core machine: minutes, not seconds.
wait_for "${bridge_url}/q/health/ready" "the bridge" "$work/bridge.log" 600 "$bridge"
echo "PASS the README's run command is ready after $((SECONDS - started_at))s on a fresh clone"

if ! (cd "$work" && POE_API_KEY="smoke-test-key" python3 "$clone/scripts/generate_image.py" "a cat" \
    -m Imagen-3-Fast -o image.png --base-url "$bridge_url"); then
  echo "fresh-clone: generate_image.py failed; bridge log:" >&2
  cat "$work/bridge.log" >&2
  exit 1
fi
if cmp -s "$work/image.png" src/test/resources/wiremock/__files/files/cat.png; then
  echo "PASS an image generated through it is the bot's image"
else
  echo "fresh-clone: the saved image is not the bot's image" >&2
  exit 1
fi

# SIGTERM goes to the command's own process only, as Kubernetes or Docker signal a container's first process: the
# bridge must get it and end by itself, well within its shutdown grace, leaving nothing behind in the command's process
# group (Maven's JVM while packaging, then the bridge). A command that stays in between without passing the signal on
# (`./mvnw quarkus:run` waits for its forked bridge forever) fails here.
if ! stop_group "$bridge" 40 leader; then
  echo "fresh-clone: the command did not end within 40s of SIGTERM; its log:" >&2
  cat "$work/bridge.log" >&2
  exit 1
fi
if ! grep -q "stopped in" "$work/bridge.log"; then
  echo "fresh-clone: the bridge ended without a graceful shutdown; its log:" >&2
  cat "$work/bridge.log" >&2
  exit 1
fi
echo "PASS SIGTERM stops it gracefully"
if grep -q "smoke-test-key" "$work/bridge.log"; then
  echo "fresh-clone: the API key appeared in the bridge's log" >&2
  exit 1
fi
echo "fresh-clone: passed"

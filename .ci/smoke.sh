#!/usr/bin/env bash
# End-to-end smoke test: packaged bridge + WireMock standalone Poe stand-in + scripts/verify_image_generation.py.
# Needs target/quarkus-app from `./mvnw verify` (or `./mvnw package`).
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/java.sh

work="target/smoke"
mkdir -p "$work"
wiremock_version="$(sed -n 's:.*<wiremock.version>\(.*\)</wiremock.version>.*:\1:p' pom.xml)"
./mvnw -q dependency:copy -Dartifact="org.wiremock:wiremock-standalone:${wiremock_version}" -DoutputDirectory="$work"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
poe_port="$(free_port)"
bridge_port="$(free_port)"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

java -jar "$work/wiremock-standalone-${wiremock_version}.jar" --port "$poe_port" --bind-address 127.0.0.1 \
  --root-dir src/test/resources/wiremock --disable-banner > "$work/wiremock.log" 2>&1 &
pids+=($!)

POE_BASE_URL="http://127.0.0.1:${poe_port}" POE_UPLOAD_URL="http://127.0.0.1:${poe_port}/upload" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$bridge_port" \
  java -jar target/quarkus-app/quarkus-run.jar > "$work/bridge.log" 2>&1 &
pids+=($!)

wait_for() { # url, name
  for _ in $(seq 1 120); do
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$1" 2>/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  echo "smoke: $2 did not come up; its log:" >&2
  cat "$work/$2.log" >&2
  return 1
}
wait_for "http://127.0.0.1:${poe_port}/__admin/mappings" wiremock
wait_for "http://127.0.0.1:${bridge_port}/q/health/ready" bridge

if ! POE_API_KEY="smoke-test-key" python3 scripts/verify_image_generation.py --base-url "http://127.0.0.1:${bridge_port}"; then
  echo "smoke: verification failed; bridge log:" >&2
  cat "$work/bridge.log" >&2
  exit 1
fi
# Streaming chat through the user-facing script: the image bot's file URL must be reported as it arrives.
chat_out="$(POE_API_KEY="smoke-test-key" python3 scripts/chat.py -m Imagen-3-Fast --base-url "http://127.0.0.1:${bridge_port}" \
  "a cat" 2>&1)" || { echo "smoke: chat.py failed: $chat_out" >&2; exit 1; }
case "$chat_out" in
  *"file: http://127.0.0.1:${poe_port}/files/cat.png"*) echo "PASS streaming chat reports the file URL" ;;
  *) echo "smoke: chat.py did not report the file URL: $chat_out" >&2; exit 1 ;;
esac

# Image edit through the user-facing script: a local image goes up, the bot's image comes back byte for byte.
cp src/test/resources/wiremock/__files/files/dog.png "$work/input.png"
(cd "$work" && POE_API_KEY="smoke-test-key" python3 ../../scripts/edit_image.py input.png "make it a cat" \
  -m Imagen-3-Fast -o edited.png --base-url "http://127.0.0.1:${bridge_port}") || { echo "smoke: edit_image.py failed" >&2; exit 1; }
if cmp -s "$work/edited.png" src/test/resources/wiremock/__files/files/cat.png; then
  echo "PASS image edit returns the bot's image"
else
  echo "smoke: the edited image is not the bot's image" >&2; exit 1
fi

if grep -q "smoke-test-key" "$work/bridge.log"; then
  echo "smoke: the API key appeared in the bridge's log" >&2
  exit 1
fi
echo "smoke: passed"

#!/usr/bin/env bash
# Third-party client check: the Vercel AI SDK (`ai` + `@ai-sdk/openai`, pinned by compat/ai-sdk/package-lock.json)
# generates and edits images through the packaged bridge, unchanged, against the WireMock standalone Poe stand-in.
# Needs target/quarkus-app from `./mvnw verify` (or `./mvnw package`) and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/java.sh # the bridge runs on the JDK ./mvnw picks
source .ci/standin.sh
trap stop_all_groups EXIT

if ! command -v npm > /dev/null; then
  # The build machines have Node 20; a machine without it gets Debian's.
  apt-get update -qq && apt-get install -y -qq nodejs npm > /dev/null
fi
echo "ai-sdk: node $(node --version), npm $(npm --version)"
# The SDK declares Node >= 22 in `engines` but runs on 20; npm only warns about it.
(cd compat/ai-sdk && npm ci --no-audit --no-fund --loglevel=error --engine-strict=false)

work="target/ai-sdk"
mkdir -p "$work"
start_poe_standin "$work"
start_packaged_bridge "$work"

images=src/test/resources/wiremock/__files/files
if ! BRIDGE_URL="$bridge_url" POE_API_KEY="smoke-test-key" EXPECTED_IMAGE="$PWD/$images/cat.png" \
    INPUT_IMAGE="$PWD/$images/dog.png" node compat/ai-sdk/check.mjs; then
  echo "ai-sdk: the AI SDK check failed; the bridge's log:" >&2
  cat "$work/bridge.log" >&2
  exit 1
fi
if grep -q "smoke-test-key" "$work/bridge.log"; then
  echo "ai-sdk: the API key appeared in the bridge's log" >&2
  exit 1
fi

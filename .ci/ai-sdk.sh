#!/usr/bin/env bash
# Third-party client check: the Vercel AI SDK (`ai` + `@ai-sdk/openai`, pinned by compat/ai-sdk/package-lock.json)
# generates and edits images through the packaged bridge, unchanged, against the WireMock standalone Poe stand-in.
# Needs target/quarkus-app from `./mvnw verify` (or `./mvnw package`) and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/node-check.sh

images="$PWD/src/test/resources/wiremock/__files/files"
node_check ai-sdk "smoke-test-key" POE_API_KEY="smoke-test-key" EXPECTED_IMAGE="$images/cat.png" \
  INPUT_IMAGE="$images/dog.png"

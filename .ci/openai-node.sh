#!/usr/bin/env bash
# Third-party client check: the official OpenAI Node SDK (`openai`, pinned by compat/openai-node/package-lock.json)
# runs every `client.conversations` call, an image generation and a chat completion stored into conversations, and a
# second key that cannot see the first key's conversation, through the packaged bridge, unchanged, against the
# WireMock standalone Poe stand-in. Needs target/quarkus-app from `./mvnw verify` (or `./mvnw package`) and the npm
# registry.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/node-check.sh

# Imagen-3-Fast is the stand-in's bot that answers chat as well as images (the smoke test chats with it too).
node_check openai-node "node-sdk-key-1 node-sdk-key-2" POE_API_KEY="node-sdk-key-1" SECOND_API_KEY="node-sdk-key-2" \
  CHAT_MODEL="Imagen-3-Fast"

# Sourced by the third-party JavaScript client checks (.ci/ai-sdk.sh, .ci/openai-node.sh): each is a folder
# compat/NAME with pinned packages (package-lock.json) and a check.mjs run against the packaged bridge and the WireMock
# standalone Poe stand-in. Needs target/quarkus-app from `./mvnw verify` (or `./mvnw package`) and the npm registry.
# Sourcing it sets the EXIT trap that stops the stand-in and the bridge.
source .ci/java.sh # the bridge runs on the JDK ./mvnw picks
source .ci/standin.sh
trap stop_all_groups EXIT

# node_check NAME KEYS [VAR=VALUE...]: installs compat/NAME's packages, starts the stand-in and the bridge (work folder
# target/NAME), runs compat/NAME/check.mjs with BRIDGE_URL and the VAR=VALUE pairs in its environment, and fails with the
# bridge's log when the check fails, or when one of the space-separated KEYS (the check's API keys) is in that log.
node_check() {
  local name="$1" keys="$2" work="target/$1" key
  shift 2
  if ! command -v npm > /dev/null; then
    # The build machines have Node 20; a machine without it gets Debian's.
    apt-get update -qq && apt-get install -y -qq nodejs npm > /dev/null
  fi
  echo "$name: node $(node --version), npm $(npm --version)"
  # Some SDKs declare Node >= 22 in `engines` but run on 20; npm only warns about it.
  (cd "compat/$name" && npm ci --no-audit --no-fund --loglevel=error --engine-strict=false)

  mkdir -p "$work"
  start_poe_standin "$work"
  start_packaged_bridge "$work"

  if ! env BRIDGE_URL="$bridge_url" "$@" node "compat/$name/check.mjs"; then
    echo "$name: the check failed; the bridge's log:" >&2
    cat "$work/bridge.log" >&2
    return 1
  fi
  for key in $keys; do
    if grep -qF -- "$key" "$work/bridge.log"; then
      echo "$name: an API key appeared in the bridge's log" >&2
      return 1
    fi
  done
}

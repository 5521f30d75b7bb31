#!/usr/bin/env bash
# npm run setup:pulumi: builds the pinned Pulumi CLI (`pulumi`), a Node.js language host
# (`pulumi-language-nodejs`) and Pulumi's YAML language host (`pulumi-language-yaml`) from the Go
# module proxy into .tools/pulumi/bin (ignored by git), and puts the dynamic-provider plugin script
# `pulumi-resource-pulumi-nodejs` of @pulumi/pulumi and the project's Python language host
# (`pulumi-language-python`, a script: scripts/pulumi-cli/python-langhost) beside them. The versions are the ones
# scripts/pulumi-cli/go.mod and scripts/pulumi-yaml/go.mod pin (their go.sum make the builds
# reproducible). A second run with the binaries in place and the same inputs only checks them (seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
module_dir="$repo/scripts/pulumi-cli"
yaml_module_dir="$repo/scripts/pulumi-yaml"
# AGB_TOOLS_DIR (default .tools) moves the output, for the setup script's own tests.
tools_dir="${AGB_TOOLS_DIR:-$repo/.tools}"
bin_dir="$tools_dir/pulumi/bin"
stamp_file="$tools_dir/pulumi/stamp"
yaml_stamp_file="$tools_dir/pulumi/stamp-yaml"
plugin_src="$repo/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
# The project's small Python language host (a script, nothing to build: see its langhost.py).
python_host_dir="$module_dir/python-langhost"

die() { echo "setup:pulumi: $*" >&2; exit 1; }

version=$(awk '$1 == "github.com/pulumi/pulumi/pkg/v3" { print $2; exit }' "$module_dir/go.mod")
[ -n "$version" ] || die "no github.com/pulumi/pulumi/pkg/v3 requirement in $module_dir/go.mod"
[ -f "$plugin_src" ] || die "$plugin_src is missing: run npm install first"

# The stamp names every input of the build, so a changed pin or language host rebuilds.
stamp=$(cat "$module_dir/go.mod" "$module_dir/go.sum" "$module_dir"/nodejs-langhost/*.go | sha256sum | cut -c1-16)
cli_built=false
if [ -x "$bin_dir/pulumi" ] && [ -x "$bin_dir/pulumi-language-nodejs" ] && [ -f "$stamp_file" ] &&
   [ "$(cat "$stamp_file")" = "$stamp" ] && [ "$("$bin_dir/pulumi" version 2>/dev/null)" = "$version" ]; then
  cli_built=true
fi
# The YAML host has a wrapper module of its own: pulumi-yaml needs an older pkg/v3 than the CLI's
# (it does not build against the CLI's), so the two cannot share one go.mod.
yaml_version=$(awk '$1 == "github.com/pulumi/pulumi-yaml" { print $2; exit }' "$yaml_module_dir/go.mod")
[ -n "$yaml_version" ] || die "no github.com/pulumi/pulumi-yaml requirement in $yaml_module_dir/go.mod"
yaml_stamp=$(cat "$yaml_module_dir/go.mod" "$yaml_module_dir/go.sum" | sha256sum | cut -c1-16)
yaml_built=false
if [ -x "$bin_dir/pulumi-language-yaml" ] && [ -f "$yaml_stamp_file" ] && [ "$(cat "$yaml_stamp_file")" = "$yaml_stamp" ]; then
  yaml_built=true
fi
copy_scripts() {
  cp "$plugin_src" "$bin_dir/pulumi-resource-pulumi-nodejs"
  cp "$python_host_dir/pulumi-language-python" "$python_host_dir/langhost.py" "$bin_dir/"
}
if $cli_built && $yaml_built; then
  copy_scripts
  echo "setup:pulumi: pulumi $version and pulumi-language-yaml $yaml_version already built in $bin_dir"
  exit 0
fi

command -v go >/dev/null 2>&1 ||
  die "Go is not installed (the Pulumi CLI is built from source with Go >= 1.26); install Go, or run the tests without the real CLI (npm test)"
go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
[ "$go_minor" -ge 26 ] 2>/dev/null || die "Go $(go env GOVERSION) is too old: pulumi $version needs Go >= 1.26"

# Downloads the modules a wrapper module pins, or stops naming it.
download_modules() {
  local log
  if ! log=$(cd "$1" && go mod download 2>&1); then
    echo "$log" >&2
    die "the Go module proxy did not serve the modules pinned in ${1#"$repo"/}/go.mod (no network, or a module refused: see above)"
  fi
}

mkdir -p "$bin_dir"
# CGO off: a static binary with no C toolchain needed; -trimpath: no local paths inside.
export CGO_ENABLED=0
if ! $cli_built; then
  echo "setup:pulumi: downloading the modules of pulumi $version (Go module proxy: $(go env GOPROXY))"
  download_modules "$module_dir"
  cd "$module_dir"
  # The version stamp is what `pulumi version` prints (empty without it).
  echo "setup:pulumi: building pulumi $version (a cold build takes tens of minutes on 2 cores)"
  go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
    -o "$bin_dir/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  go build -trimpath -ldflags "-s -w -X main.version=${version#v}" \
    -o "$bin_dir/pulumi-language-nodejs" ./nodejs-langhost
  echo "$stamp" > "$stamp_file"
fi
if ! $yaml_built; then
  echo "setup:pulumi: downloading the modules of pulumi-language-yaml $yaml_version"
  download_modules "$yaml_module_dir"
  cd "$yaml_module_dir"
  echo "setup:pulumi: building pulumi-language-yaml $yaml_version (a cold build takes minutes on 2 cores)"
  go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=$yaml_version" \
    -o "$bin_dir/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
  echo "$yaml_stamp" > "$yaml_stamp_file"
fi
copy_scripts
echo "setup:pulumi: built $("$bin_dir/pulumi" version) and pulumi-language-yaml $yaml_version into $bin_dir (put it first on PATH)"

#!/usr/bin/env bash
# Compiles and lints every Bicep file under infra/ with the pinned Bicep CLI and fails on any
# diagnostic (warning or error), as CI requires.
#
# The CLI is the NuGet package Azure.Bicep.CommandLine.linux-x64 (version pinned in
# Directory.Packages.props), restored through infra/tools/BicepCli.csproj: no download at run time
# beyond the NuGet restore. Set BICEP=/path/to/bicep to skip the restore (the test project does this).
#
# Where the machine allows it (root, unshare available) Bicep runs in an empty network namespace,
# which proves the compilation needs no network: Azure resource types are built into the CLI and the
# templates use only local modules.
set -euo pipefail

infra_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(dirname "$infra_dir")"

bicep="${BICEP:-}"
if [[ -z "$bicep" ]]; then
  dotnet restore "$infra_dir/tools/BicepCli.csproj" --nologo -v quiet >&2
  bicep="$(dotnet msbuild "$infra_dir/tools/BicepCli.csproj" -nologo -getProperty:BicepPath)"
fi
if [[ ! -f "$bicep" ]]; then
  echo "validate.sh: Bicep CLI not found at '$bicep'. Restore infra/tools/BicepCli.csproj (package Azure.Bicep.CommandLine.linux-x64)." >&2
  exit 2
fi
# NuGet does not always keep the executable bit.
[[ -x "$bicep" ]] || chmod +x "$bicep"

isolate=()
if unshare --net true 2>/dev/null; then
  isolate=(unshare --net)
  network_note="no network (empty network namespace)"
else
  network_note="host network (unshare not permitted here)"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log="$work/diagnostics.txt"
: >"$log"

cd "$repo_root"
mapfile -t files < <(find infra -name '*.bicep' -not -path '*/bin/*' -not -path '*/obj/*' | sort)
if [[ ${#files[@]} -eq 0 ]]; then
  echo "validate.sh: no .bicep files under infra/" >&2
  exit 2
fi

echo "Bicep CLI: $("$bicep" --version)"
echo "Validating ${#files[@]} Bicep files with $network_note"

status=0
# build compiles each file (and the modules it uses) to ARM JSON; lint runs the analyzers of
# infra/bicepconfig.json. Both report diagnostics as "<file>(line,col) : <Level> <code>: <text>".
"${isolate[@]}" "$bicep" build --pattern 'infra/**/*.bicep' --outdir "$work/arm" --no-restore >>"$log" 2>&1 || status=$?
"${isolate[@]}" "$bicep" lint --pattern 'infra/**/*.bicep' --no-restore >>"$log" 2>&1 || status=$?
if [[ -n "$(find infra -name '*.bicepparam' -print -quit)" ]]; then
  "${isolate[@]}" "$bicep" build-params --pattern 'infra/**/*.bicepparam' --outdir "$work/params" --no-restore >>"$log" 2>&1 || status=$?
fi

# Bicep's build does not write a parameters file for .json parameters; check main.parameters.json
# names only parameters that main.bicep declares (a typo would otherwise be ignored by azd).
param_names="$(grep -oE '^[[:space:]]{4}"[A-Za-z0-9_]+"[[:space:]]*:' infra/main.parameters.json | tr -d ' ":')"
for name in $param_names; do
  if ! grep -qE "^param ${name} " infra/main.bicep; then
    echo "infra/main.parameters.json : Error: parameter '$name' is not declared in infra/main.bicep" >>"$log"
    status=1
  fi
done

diagnostics="$(sort -u "$log" | grep -cE ' : (Error|Warning|Info)' || true)"
sort -u "$log"
if [[ $status -ne 0 || $diagnostics -ne 0 ]]; then
  echo "validate.sh: FAILED (exit status $status, $diagnostics diagnostics)" >&2
  exit 1
fi
echo "validate.sh: OK, ${#files[@]} Bicep files compiled and linted, parameter files built, 0 warnings, 0 errors"

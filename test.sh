#!/usr/bin/env bash
# Installs what the tests need, builds warning-free, runs every test project once, and ends with one summary line:
#   Tests: N passed, N failed[, N skipped]
# Tests that need storage start their own Azurite on free loopback ports, so this never touches a running ./run.sh.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Plain console output, so the per-assembly result lines can be read below.
export MSBUILDTERMINALLOGGER=off

echo "==> npm ci (Azurite)"
npm ci --no-audit --no-fund --loglevel=error

echo "==> dotnet tool restore (Kiota, pinned in dotnet-tools.json: generates the API client of tests/Invitations.Api.ClientTests)"
dotnet tool restore

echo "==> dotnet build (warnings are errors)"
dotnet build Invitations.Functions.sln -warnaserror -nologo -v:minimal

echo "==> dotnet test"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
dotnet test Invitations.Functions.sln --no-build --nologo 2>&1 | tee "$log"
test_status=${PIPESTATUS[0]}
set -e

# VSTest prints one line per test assembly:
#   Passed!  - Failed:     0, Passed:    78, Skipped:     0, Total:    78, Duration: 15 s - X.Tests.dll (net10.0)
passed=0; failed=0; skipped=0; assemblies=0
while read -r f p s; do
  failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s)); assemblies=$((assemblies + 1))
done < <(grep -E '(Passed|Failed)! +- +Failed: ' "$log" \
  | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/')

projects=$(grep -l '<IsTestProject>true</IsTestProject>' tests/*/*.csproj | wc -l)
ok=1
if [ "$test_status" -ne 0 ] || [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; then ok=0; fi
if [ "$assemblies" -ne "$projects" ]; then
  echo "Expected results from $projects test projects, got $assemblies (a test host crashed or a project ran no tests)." >&2
  ok=0
fi

summary="Tests: $passed passed, $failed failed"
if [ "$skipped" -gt 0 ]; then summary="$summary, $skipped skipped"; fi
echo
echo "$summary"
[ "$ok" -eq 1 ]

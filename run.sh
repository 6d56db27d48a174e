#!/usr/bin/env bash
# Runs the Functions app locally without Azure Functions Core Tools: installs Azurite (npm), builds, and starts the
# local host, which starts Azurite for UseDevelopmentStorage=true. Serves http://127.0.0.1:${PORT:-7071}/api.
# Ctrl-C stops the host, and the host stops the Azurite it started. Extra arguments go to the local host (--help).
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
port="${PORT:-7071}"
base="http://127.0.0.1:${port}/api"

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci (Azurite)"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "==> dotnet build"
dotnet build src/Invitations.LocalHost/Invitations.LocalHost.csproj -nologo -v:quiet -clp:ErrorsOnly

echo "==> starting the local Functions host"
dotnet src/Invitations.LocalHost/bin/Debug/net10.0/Invitations.LocalHost.dll --port "$port" "$@" &
host_pid=$!

stop() {
  trap - EXIT INT TERM
  if kill -0 "$host_pid" 2>/dev/null; then
    kill -TERM "$host_pid" 2>/dev/null || true
    wait "$host_pid" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

code=000
for _ in $(seq 1 120); do
  if ! kill -0 "$host_pid" 2>/dev/null; then
    # The host ended by itself (--help, or a start-up error it has printed).
    if wait "$host_pid"; then exit 0; else exit $?; fi
  fi
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base/health" || true)
  if [ "$code" != "000" ]; then break; fi
  sleep 0.5
done

echo
echo "Invitations API: $base   (GET $base/health answered $code)"
echo "Press Ctrl-C to stop."
wait "$host_pid"

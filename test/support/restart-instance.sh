#!/usr/bin/env bash
# The test's stand-in for `systemctl restart vitalis@<port>` (deploy/rolling-restart.sh calls it as RESTART):
#   restart-instance.sh DIR HOST:PORT
# SIGTERM to the instance running from DIR/<port>.pid (waiting for it to exit), then `node dist/src/main.js` again
# with DIR/<port>.env, its output appended to DIR/<port>.log and its pid in DIR/<port>.pid.
set -euo pipefail
dir=$1
port=${2##*:}
if [ -f "$dir/$port.pid" ]; then
  pid=$(cat "$dir/$port.pid")
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
fi
set -a
# shellcheck disable=SC1090
. "$dir/$port.env"
set +a
nohup node dist/src/main.js >>"$dir/$port.log" 2>&1 &
echo $! >"$dir/$port.pid"

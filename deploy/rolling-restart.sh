#!/usr/bin/env bash
# Restarts Vitalis instances one at a time behind nginx, so no request is lost (docs/DEPLOY.md):
#   deploy/rolling-restart.sh [host:port ...]      (default: every server in the upstreams file)
# For each instance: mark it `down` in the upstreams file and reload nginx (new requests go to the others), give the
# requests in flight a moment, restart it (SIGTERM: it finishes what it holds and exits 0), wait until its
# /health/ready answers 200, then put it back and reload nginx.
#
# Settings (environment):
#   UPSTREAMS        the upstreams file                 (default /etc/nginx/conf.d/vitalis-upstreams.conf)
#   NGINX_TEST       checks nginx's configuration       (default: nginx -t -q)
#   NGINX_RELOAD     reloads nginx                      (default: nginx -s reload)
#   RESTART          restarts one instance, given host:port as $1 (default: systemctl restart vitalis@<port>)
#   READY_TIMEOUT    seconds to wait for /health/ready  (default 60)
#   SETTLE_SECONDS   pause after nginx stops sending new requests to an instance (default 1)
set -euo pipefail

UPSTREAMS=${UPSTREAMS:-/etc/nginx/conf.d/vitalis-upstreams.conf}
NGINX_TEST=${NGINX_TEST:-nginx -t -q}
NGINX_RELOAD=${NGINX_RELOAD:-nginx -s reload}
READY_TIMEOUT=${READY_TIMEOUT:-60}
SETTLE_SECONDS=${SETTLE_SECONDS:-1}
restart() {
  if [ -n "${RESTART:-}" ]; then
    $RESTART "$1"
  else
    systemctl restart "vitalis@${1##*:}"
  fi
}

# `server <address> ...;` lines of the upstreams file, without and with the `down` mark.
mark_down() { sed -i -E "s/^(\s*server ${1//./\\.}( [^;]*)?)(\s+down)?;/\1 down;/" "$UPSTREAMS"; }
mark_up() { sed -i -E "s/^(\s*server ${1//./\\.}( [^;]*)?) down;/\1;/" "$UPSTREAMS"; }

ready() { curl -sf -o /dev/null --max-time 2 "http://$1/health/ready"; }

# nginx -s reload only signals the master: with a configuration it refuses, it keeps the old one, the instance stays
# in the balancer, and its restart would fail requests. So the configuration is checked before every reload.
reload() {
  if ! $NGINX_TEST; then
    echo "!! nginx refuses the configuration; nothing more is restarted" >&2
    return 1
  fi
  $NGINX_RELOAD
}

listed=$(sed -nE 's/^\s*server ([^ ;]+).*/\1/p' "$UPSTREAMS" | sort -u)
instances=("$@")
if [ ${#instances[@]} -eq 0 ]; then
  mapfile -t instances <<<"$listed"
fi
# An instance nginx does not know could not be taken out of the balancer first: refuse before touching anything.
for instance in "${instances[@]}"; do
  if ! grep -qxF "$instance" <<<"$listed"; then
    echo "!! $instance is not a server in $UPSTREAMS; nothing was restarted" >&2
    exit 1
  fi
done

for instance in "${instances[@]}"; do
  echo "== $instance: out of the balancer"
  mark_down "$instance"
  if ! reload; then
    mark_up "$instance"
    exit 1
  fi
  sleep "$SETTLE_SECONDS"
  echo "== $instance: restarting"
  restart "$instance"
  waited=0
  until ready "$instance"; do
    if [ "$waited" -ge $((READY_TIMEOUT * 10)) ]; then
      echo "!! $instance is not ready after ${READY_TIMEOUT}s: left out of the balancer; stopping here" >&2
      exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  mark_up "$instance"
  reload
  echo "== $instance: ready, back in the balancer"
done

#!/usr/bin/env bash
# The built image (localhost/smoke:latest, made by ../shared/tools/container-smoke.sh) runs as a
# non-root user and serves with a read-only root filesystem and only /tmp writable:
#   podman run --read-only --tmpfs /tmp ...
# Checks: the process user is not root; /v1/clean answers a real page with several articles;
# /metrics works (its files live in /tmp); nothing can be written outside /tmp.
# Same podman storage and flags as the smoke tool (CI_CTR_DIR, runc, ulimits).
# usage: tests/container/readonly.sh   (env: HOST_PORT default 18001, CI_CTR_DIR default /tmp/ci-ctr)
set -euo pipefail
W=${CI_CTR_DIR:-/tmp/ci-ctr}; HPORT=${HOST_PORT_RO:-18001}; TAG=localhost/smoke:latest
NAME=qingxi-readonly-check
export CONTAINERS_CONF="$W/containers.conf"
P="podman --root $W/storage --runroot $W/run"
PAGE="$(cd "$(dirname "$0")/../../.." && pwd)/shared/pages/004_f7398b48e92c5c4a.txt"
t() { echo "[readonly $(date +%T)] $*"; }

$P image exists "$TAG" || { t "no $TAG: run make container-test (container-smoke.sh) first"; exit 2; }
$P rm -f -t 0 "$NAME" >/dev/null 2>&1 || true
cleanup() { $P logs "$NAME" 2>&1 | tail -5; $P rm -f -t 5 "$NAME" >/dev/null 2>&1 || true; }
trap cleanup EXIT
$P run -d --pull=never --name "$NAME" --read-only --tmpfs /tmp --tmpfs /dev/shm \
  -p "127.0.0.1:$HPORT:8000" "$TAG" >/dev/null
URL="http://127.0.0.1:$HPORT"
for _ in $(seq 120); do curl -fs -m 2 "$URL/readyz" >/dev/null && break; sleep 0.5; done
curl -fs -m 2 "$URL/readyz" >/dev/null || { t "FAILED: never ready with a read-only root"; exit 1; }
t "ready with --read-only --tmpfs /tmp"

uid=$($P exec "$NAME" python -c 'import os; print(os.getuid())')
[ "$uid" != 0 ] || { t "FAILED: the service runs as root"; exit 1; }
t "runs as uid $uid (not root)"
# the workers too (every python process in the container)
$P exec "$NAME" python -c '
import os
for p in filter(str.isdigit, os.listdir("/proc")):
    try:
        st = open(f"/proc/{p}/status").read()
    except OSError:
        continue
    uid = [l.split()[1] for l in st.splitlines() if l.startswith("Uid:")][0]
    assert uid != "0", f"process {p} runs as root"
'
n=$(curl -fs -m 60 -H 'Content-Type: text/plain; charset=utf-8' --data-binary "@$PAGE" "$URL/v1/clean" \
    | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["articles"]))')
[ "$n" -ge 3 ] || { t "FAILED: $n articles"; exit 1; }
t "POST /v1/clean: $n articles"
curl -fs -m 10 "$URL/metrics" | grep -q '^qingxi_http_requests_total' || { t "FAILED: /metrics"; exit 1; }
t "/metrics answers (multiprocess files in /tmp)"
if $P exec "$NAME" sh -c 'touch /opt/x || touch /x || touch /etc/x' 2>/dev/null; then
  t "FAILED: the root filesystem is writable"; exit 1
fi
t "root filesystem not writable; READONLY OK"

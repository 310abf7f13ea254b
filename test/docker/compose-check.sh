#!/usr/bin/env bash
# The project's Docker check (by hand or a CI step with a container engine; not part of `npm test`).
# Builds the image from this checkout's Dockerfile, checks what is in it, and runs README's Compose recipe
# as containers on one network: the emulator under the service name `sod-emulator` with the back channel
# on, and an app container with curl and jq only (test/docker/app-check.sh) that discovers, refreshes a
# token and calls the tenant API through the service name while the issuer stays the public URL.
#
#   test/docker/compose-check.sh                  # podman if installed, else docker
#   ENGINE=docker PORT=5090 test/docker/compose-check.sh
#   SKIP_BUILD=1 IMAGE=localhost/sod-emulator:proof test/docker/compose-check.sh
#
# Preconditions: the Dockerfile's base image (node:20-bookworm-slim) can be pulled or is present, and the
# app image's apt can install curl and jq. A host without Docker Hub can make the base image locally first
# (for example with a debootstrap-based script); BUILD_FLAGS passes extra build flags, such as mounts for a
# proxy's CA bundle. The app image is built FROM APP_BASE (default: the same base image; the app runs only
# sh, curl and jq, never node).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ENGINE=${ENGINE:-$(command -v podman >/dev/null 2>&1 && echo podman || echo docker)}
IMAGE=${IMAGE:-localhost/sod-emulator:check}
PORT=${PORT:-5090}
BASE=$(awk '/^FROM /{print $2; exit}' "$ROOT/Dockerfile")
APP_BASE=${APP_BASE:-$BASE}
APP_IMAGE=localhost/sod-emulator-check-app
NET=sodcheck; SOD=sodcheck-sod; VOL=sodcheck-data; SERVICE=sod-emulator
read -r -a BUILD_FLAGS <<< "${BUILD_FLAGS:-}"
FORMAT=(); [ "$ENGINE" = podman ] && FORMAT=(--format docker)   # podman's OCI format drops HEALTHCHECK
TMP=$(mktemp -d)
fails=0
say() { printf '\n=== %s\n' "$*"; }
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", b-a}'; }
cleanup() {
  $ENGINE rm -f -v "$SOD" sodcheck-remap sodcheck-bind >/dev/null 2>&1 || true
  $ENGINE volume rm -f "$VOL" >/dev/null 2>&1 || true
  $ENGINE network rm -f "$NET" >/dev/null 2>&1 || $ENGINE network rm "$NET" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
# Healthy by the image's own HEALTHCHECK. podman without systemd runs no health timer, so probe by hand.
healthy() {
  if [ "$ENGINE" = podman ]; then $ENGINE healthcheck run "$1" >/dev/null 2>&1
  else [ "$($ENGINE inspect -f '{{.State.Health.Status}}' "$1" 2>/dev/null)" = healthy ]; fi
}
wait_healthy() { local i; for i in $(seq 1 300); do healthy "$1" && return 0; sleep 0.2; done; return 1; }

say "engine: $($ENGINE --version)"
$ENGINE image inspect "$BASE" >/dev/null 2>&1 || $ENGINE pull "$BASE" >/dev/null || {
  echo "base image $BASE is neither present nor pullable; make it first (see the comment at the top)"; exit 2; }

if [ -z "${SKIP_BUILD:-}" ]; then
  say "build $IMAGE"
  dockerfile="$ROOT/Dockerfile"   # unchanged: every builder takes it (no HEALTHCHECK --start-interval)
  t0=$SECONDS
  $ENGINE build "${FORMAT[@]}" "${BUILD_FLAGS[@]}" -f "$dockerfile" -t "$IMAGE" "$ROOT"
  echo "build took $((SECONDS - t0)) s"
fi

say "image contents"
$ENGINE image inspect -f 'image size {{.Size}} bytes; healthcheck {{json .Config.Healthcheck}}' "$IMAGE"
$ENGINE run --rm --entrypoint sh "$IMAGE" -c '
  cd /app; echo "user $(id -u):$(id -g)"
  echo "better-sqlite3: $(cd node_modules/better-sqlite3 && find . -type f ! -path "./lib/*" | sort | tr "\n" " ")"
  echo "empty directories in node_modules: $(find node_modules -type d -empty | wc -l)"
  echo "owner of /data: $(stat -c %u:%g /data); of the seed cache: $(stat -c %u:%g node_modules/.cache)"
  du -sh node_modules | sed "s/^/node_modules: /"' | tee "$TMP/contents"
grep -q 'better-sqlite3: ./LICENSE ./README.md ./build/Release/better_sqlite3.node ./package.json $' "$TMP/contents" && ok "better-sqlite3 keeps only its addon" || bad "better-sqlite3 has build leftovers"
grep -q 'empty directories in node_modules: 0$' "$TMP/contents" && ok "no empty directories" || bad "empty directories left"
grep -q 'owner of /data: 1000:1000; of the seed cache: 1000:1000' "$TMP/contents" && ok "/data and the seed cache belong to node" || bad "ownership"

say "a bind mount the container cannot write: one line naming the uid"
mkdir -p "$TMP/root-owned" && chmod 755 "$TMP/root-owned"
if [ "$(id -u)" = 0 ]; then
  $ENGINE run --name sodcheck-bind -v "$TMP/root-owned:/data" "$IMAGE" >/dev/null 2>&1 || true
  $ENGINE logs sodcheck-bind 2>&1 | tail -1 | tee "$TMP/bind"
  grep -q 'not writable by uid 1000 (node); chown -R 1000:1000' "$TMP/bind" && ok "clear error" || bad "no clear error for a root-owned bind mount"
  $ENGINE rm -f sodcheck-bind >/dev/null
else echo "skipped: run as root to make a root-owned host folder"; fi

say "README's Compose recipe: $SERVICE on network $NET, published $PORT:$PORT, back channel dynamic"
$ENGINE network create "$NET" >/dev/null
t0=$(now)
$ENGINE run -d --name "$SOD" --network "$NET" --network-alias "$SERVICE" -p "$PORT:$PORT" \
  -e SOD_PORT="$PORT" -e SOD_PUBLIC_URL="http://localhost:$PORT" -e SOD_BACKCHANNEL=dynamic -e SOD_ALLOWED_HOSTS="$SERVICE" \
  -v "$VOL:/data" "$IMAGE" >/dev/null
wait_healthy "$SOD" && echo "start -> healthy: $(secs "$t0" "$(now)") s" || bad "never healthy"
$ENGINE logs "$SOD" 2>&1 | grep 'ready at' || true

say "browser side (this host): every URL on the public URL"
d=$(curl -fsS "http://localhost:$PORT/login/.well-known/openid-configuration")
for k in issuer authorization_endpoint token_endpoint jwks_uri; do
  v=$(echo "$d" | sed -E "s/.*\"$k\":\"([^\"]*)\".*/\\1/")
  case "$v" in "http://localhost:$PORT"*) ok "$k = $v" ;; *) bad "$k = $v" ;; esac
done
refresh=$($ENGINE exec "$SOD" node dist/cli/main.js token Cust12345 ada.admin@example.com --json | sed -nE 's/.*"refresh_token": "([^"]+)".*/\1/p')
[ -n "$refresh" ] && ok "signed in on the public URL (sod-emulator token), got a refresh token" || bad "no refresh token"

say "app container (sh + curl + jq, no Node) through the service name"
mkdir -p "$TMP/app" && cp "$ROOT/test/docker/app-check.sh" "$TMP/app/"
printf 'FROM %s\nRUN apt-get update && apt-get install -y --no-install-recommends curl jq ca-certificates && rm -rf /var/lib/apt/lists/*\nCOPY app-check.sh /app-check.sh\nCMD ["sh", "/app-check.sh"]\n' "$APP_BASE" > "$TMP/app/Dockerfile"
$ENGINE build -q "${BUILD_FLAGS[@]}" -t "$APP_IMAGE" "$TMP/app" >/dev/null
$ENGINE run --rm --network "$NET" -e AUTHORITY="http://$SERVICE:$PORT" -e PUBLIC="http://localhost:$PORT" -e REFRESH_TOKEN="$refresh" "$APP_IMAGE" || bad "app check"

say "port remapping: published $((PORT + 1)) -> container 5080; the back channel names the container port"
$ENGINE run -d --name sodcheck-remap --network "$NET" --network-alias sod-remap -p "$((PORT + 1)):5080" \
  -e SOD_PUBLIC_URL="http://localhost:$((PORT + 1))" -e SOD_BACKCHANNEL=dynamic -e SOD_ALLOWED_HOSTS=sod-remap "$IMAGE" >/dev/null
wait_healthy sodcheck-remap || bad "remap never healthy"
curl -fsS "http://localhost:$((PORT + 1))/health" >/dev/null && ok "browser reaches http://localhost:$((PORT + 1))" || bad "browser side of the remap"
remap=$($ENGINE run --rm --network "$NET" "$APP_IMAGE" sh -c 'curl -fsS http://sod-remap:5080/login/.well-known/openid-configuration | jq -r "[.issuer, .token_endpoint] | join(\" \")"')
[ "$remap" = "http://localhost:$((PORT + 1)) http://sod-remap:5080/login/common/oauth/tokens" ] && ok "app container: issuer and token endpoint = $remap" || bad "remap: $remap"

say "SIGTERM"
t0=$(now); $ENGINE stop -t 10 "$SOD" >/dev/null
echo "stop took $(secs "$t0" "$(now)") s, exit code $($ENGINE inspect -f '{{.State.ExitCode}}' "$SOD")"

if [ "$fails" -eq 0 ]; then say "DOCKER CHECK PASSED"; else say "DOCKER CHECK FAILED ($fails)"; exit 1; fi

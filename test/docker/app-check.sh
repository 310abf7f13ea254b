#!/bin/sh
# What an app container sees when it follows the README's Compose recipe: run INSIDE a container on the
# Compose network, with sh, curl and jq only (no Node: curl maps *.localhost to loopback as .NET's
# resolver does, so it stands in for a .NET app). compose-check.sh builds the image and runs it.
#   AUTHORITY      the back channel, e.g. http://sod-emulator:5090 (the service name)
#   PUBLIC         the public URL (the browser's), e.g. http://localhost:5090
#   REFRESH_TOKEN  from a sign-in on the public URL (the browser side)
set -eu
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
check() { if [ "$2" = "$3" ]; then ok "$1 = $2"; else bad "$1 = $2 (expected $3)"; fi; }
starts() { case "$2" in "$3"*) ok "$1 = $2" ;; *) bad "$1 = $2 (expected it to start with $3)" ;; esac; }
b64url() { tr '_-' '/+' | awk '{ n = length($0) % 4; if (n == 2) $0 = $0 "=="; else if (n == 3) $0 = $0 "="; print }' | base64 -d 2>/dev/null; }

host=$(echo "$AUTHORITY" | sed -E 's#^https?://([^:/]+).*#\1#')
echo "--- resolver: $host -> $(getent hosts "$host" | awk '{print $1}' | head -1)"
echo "--- RFC 6761: curl maps *.localhost to loopback, so a .localhost alias is unreachable from here:"
curl -sS -m 3 -o /dev/null "http://sod.localhost:${AUTHORITY##*:}/health" 2>&1 | head -1 || true

echo "--- discovery through the service name: $AUTHORITY/login/.well-known/openid-configuration"
d=$(curl -fsS "$AUTHORITY/login/.well-known/openid-configuration")
check issuer "$(echo "$d" | jq -r .issuer)" "$PUBLIC"
starts authorization_endpoint "$(echo "$d" | jq -r .authorization_endpoint)" "$PUBLIC/"
starts end_session_endpoint "$(echo "$d" | jq -r .end_session_endpoint)" "$PUBLIC/"
token_endpoint=$(echo "$d" | jq -r .token_endpoint)
jwks_uri=$(echo "$d" | jq -r .jwks_uri)
starts token_endpoint "$token_endpoint" "$AUTHORITY/"
starts jwks_uri "$jwks_uri" "$AUTHORITY/"

echo "--- the web app's credentials (admin API, reachable by the service name through SOD_ALLOWED_HOSTS)"
app=$(curl -fsS "$AUTHORITY/_emulator/v1/apps" | jq -c '[.[] | select(.kind == "web")][0]')
client_id=$(echo "$app" | jq -r .clientId)
client_secret=$(echo "$app" | jq -r .clientSecret)
echo "client_id $client_id"

echo "--- refresh at the token endpoint through the service name"
t=$(curl -fsS -u "$client_id:$client_secret" --data-urlencode grant_type=refresh_token --data-urlencode "refresh_token=$REFRESH_TOKEN" "$token_endpoint")
id_token=$(echo "$t" | jq -r .id_token)
access_token=$(echo "$t" | jq -r .access_token)
claims=$(echo "$id_token" | cut -d. -f2 | b64url)
kid=$(echo "$id_token" | cut -d. -f1 | b64url | jq -r .kid)
check "id_token iss" "$(echo "$claims" | jq -r .iss)" "$PUBLIC"
check "id_token iss == discovery issuer" "$(echo "$claims" | jq -r .iss)" "$(echo "$d" | jq -r .issuer)"
webapi_url=$(echo "$claims" | jq -r '."http://schemes.superoffice.net/identity/webapi_url"')
starts "id_token webapi_url" "$webapi_url" "$AUTHORITY/"

echo "--- JWKS through the service name has the id_token's key"
if curl -fsS "$jwks_uri" | jq -e --arg kid "$kid" '.keys | map(.kid) | index($kid) != null' >/dev/null; then ok "kid $kid in $jwks_uri"; else bad "kid $kid not in $jwks_uri"; fi

echo "--- the tenant API at webapi_url with the access token"
status=$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $access_token" -H 'Accept: application/json' "${webapi_url}v1/User/currentPrincipal")
check "GET ${webapi_url}v1/User/currentPrincipal" "$status" 200
state=$(curl -fsS "$AUTHORITY/api/state/Cust12345")
starts "tenant state Endpoint" "$(echo "$state" | jq -r .Endpoint)" "$AUTHORITY/"

if [ "$fails" -eq 0 ]; then echo "APP CHECK PASSED"; else echo "APP CHECK FAILED ($fails)"; exit 1; fi

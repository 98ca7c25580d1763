#!/bin/sh
# run.sh - `make run`: httpd with mod_agentos_rbac in the foreground on
# 127.0.0.1:7777 in front of a stand-in AgentOS on 127.0.0.1:7778, with a
# demo key pair (made on first use) and ready-to-paste curl commands.
# Ctrl-C stops httpd and everything it started.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
run="$top/build/run"
module="$top/build/plain/.libs/mod_agentos_rbac.so"
mint="$top/tools/mint-token"

mkdir -p "$run"
if [ ! -f "$run/demo.key" ]; then
    echo "run: generating the demo RSA key pair in $run"
    openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
        -out "$run/demo.key"
    openssl pkey -in "$run/demo.key" -pubout -out "$run/demo.pub.pem"
fi
cp "$top/conf/demo/echo.lua" "$run/echo.lua"
sed -e "s|@RUN@|$run|g" -e "s|@MODULE@|$module|g" \
    "$top/conf/demo/httpd.conf.in" > "$run/httpd.conf"
chmod -R a+rX "$run/echo.lua" 2>/dev/null || true

defines=""
if [ "$(id -u)" -eq 0 ]; then
    defines="-DAOR_ROOT"
    if ! runuser -u nobody -- test -r "$run/echo.lua"; then
        # the children run as nobody and must read the Lua backend
        cp "$run/echo.lua" /tmp/agentos-rbac-echo.lua
        chmod 0644 /tmp/agentos-rbac-echo.lua
        sed -i "s|\"$run/echo.lua\"|\"/tmp/agentos-rbac-echo.lua\"|" \
            "$run/httpd.conf"
    fi
fi

if [ -f "$run/httpd.pid" ] && kill -0 "$(cat "$run/httpd.pid")" 2>/dev/null
then
    echo "run: an httpd from a previous 'make run' is still running" \
         "(pid $(cat "$run/httpd.pid")); stop it first" >&2
    exit 1
fi
/usr/sbin/apache2 -t -f "$run/httpd.conf" $defines

now=$(date +%s)
exp=$((now + 3600))
tok() { "$mint" "$run/demo.key" "$1"; }
ok=$(tok "{\"sub\":\"alice\",\"aud\":\"demo-os\",\"session_id\":\"s-1\",\"scopes\":[\"agents:run\"],\"exp\":$exp}")
own=$(tok "{\"sub\":\"bob\",\"aud\":\"demo-os\",\"scopes\":[\"agents:my-agent:run\"],\"exp\":$exp}")
readonly=$(tok "{\"sub\":\"carol\",\"aud\":\"demo-os\",\"scopes\":[\"agents:read\"],\"exp\":$exp}")
expired=$(tok "{\"sub\":\"alice\",\"aud\":\"demo-os\",\"scopes\":[\"agents:run\"],\"exp\":$((now - 3600))}")
wrongaud=$(tok "{\"sub\":\"alice\",\"aud\":\"other-os\",\"scopes\":[\"agents:run\"],\"exp\":$exp}")

url=http://127.0.0.1:7777/agents/my-agent/runs
cat <<EOT

mod_agentos_rbac demo: http://127.0.0.1:7777 (AgentOS id "demo-os",
Require agentos-scope agents:run), stand-in AgentOS on 127.0.0.1:7778.
Tokens below are valid for an hour.  Paste these in another terminal:

# 200: agents:run
curl -i $url -H 'Authorization: Bearer $ok'

# 200: agents:my-agent:run is enough for my-agent ...
curl -i $url -H 'Authorization: Bearer $own'
# ... and 403 for another agent
curl -i http://127.0.0.1:7777/agents/other-agent/runs -H 'Authorization: Bearer $own'

# 401: no token
curl -i $url

# 401: expired
curl -i $url -H 'Authorization: Bearer $expired'

# 401: wrong audience
curl -i $url -H 'Authorization: Bearer $wrongaud'

# 403: agents:read only
curl -i $url -H 'Authorization: Bearer $readonly'

Mint your own: tools/mint-token $run/demo.key '{"sub":"me","aud":"demo-os","scopes":["agents:run"]}'
httpd runs in the foreground; Ctrl-C stops it.

EOT
exec /usr/sbin/apache2 -f "$run/httpd.conf" -DFOREGROUND $defines

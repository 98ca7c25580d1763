#!/bin/bash
# bench.sh - `make bench`: throughput, latency, CPU per request and RSS of
# httpd with and without mod_agentos_rbac, measured with wrk on loopback.
#
# Three httpd instances (event MPM, one process): plain (no module), the
# module with the token cache, the module without it.  httpd is pinned to
# core 0 and wrk to core 1 when there are two cores.  Scenarios run in
# interleaved rounds; the table shows medians and ratios to plain httpd
# measured in the same rounds.  Only the processes started here are
# stopped.  BENCH_ROUNDS, BENCH_SECONDS, BENCH_GROWTH override the
# defaults (5 rounds of 5 s, 1000000 requests for the growth check).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
bench="$top/build/bench"
module="$top/build/plain/.libs/mod_agentos_rbac.so"
rounds=${BENCH_ROUNDS:-5}
seconds=${BENCH_SECONDS:-5}
growth=${BENCH_GROWTH:-1000000}
mkdir -p "$bench"
cd "$bench"

if [ "$(nproc)" -ge 2 ]; then
    pin_httpd="taskset -c 0"; pin_wrk="taskset -c 1"
else
    pin_httpd=""; pin_wrk=""
fi

# ---- keys, tokens, document root ---------------------------------------
[ -f rsa.key ] || openssl genpkey -quiet -algorithm RSA \
    -pkeyopt rsa_keygen_bits:2048 -out rsa.key
[ -f ec.key ] || openssl genpkey -quiet -algorithm EC \
    -pkeyopt ec_paramgen_curve:P-256 -out ec.key
[ -f ed25519.key ] || openssl genpkey -quiet -algorithm ED25519 \
    -out ed25519.key
[ -f hs.secret ] || openssl rand -hex 32 > hs.secret
for k in rsa ec ed25519; do openssl pkey -in $k.key -pubout -out $k.pub; done
cc -O2 -I"$top/src" -I"$top/t/unit" "$top/tools/bench/mint-tokens.c" \
    "$top/build/plain/libaor.a" -lssl -lcrypto -ljansson -lsodium \
    -o mint-tokens
echo "bench: minting tokens"
./mint-tokens RS256 rsa.key 1 bench > hit.tok
./mint-tokens RS256 rsa.key 1000 bench > rs256.tok
./mint-tokens ES256 ec.key 1000 bench > es256.tok
./mint-tokens EdDSA ed25519.key 1000 bench > eddsa.tok
./mint-tokens HS256 hs.secret 1000 bench > hs256.tok
./mint-tokens RS256 rsa.key 1000 bench bad > bad.tok

htdocs="$bench/htdocs"
defines=""
if [ "$(id -u)" -eq 0 ]; then
    defines="-DROOT"
    mkdir -p "$htdocs"
    printf ok > "$htdocs/ok"
    chmod -R a+rX "$htdocs"
    if ! runuser -u nobody -- test -r "$htdocs/ok"; then
        htdocs=$(mktemp -d /tmp/aor-bench.XXXXXX)
        chmod 0755 "$htdocs"
        printf ok > "$htdocs/ok"
        chmod 0644 "$htdocs/ok"
    fi
else
    mkdir -p "$htdocs"
    printf ok > "$htdocs/ok"
fi

# ---- instances ----------------------------------------------------------
declare -A port=([plain]=18081 [cache]=18082 [nocache]=18083)
declare -A define=([plain]=PLAIN [cache]=CACHE [nocache]=NOCACHE)
started=""
stop_all() {
    for name in $started; do
        [ -f "httpd_$name.pid" ] && kill -TERM "$(cat "httpd_$name.pid")" \
            2>/dev/null || true
    done
    sleep 1
}
trap stop_all EXIT
for name in plain cache nocache; do
    sed -e "s|@BENCH@|$bench|g" -e "s|@MODULE@|$module|g" \
        -e "s|@PORT@|${port[$name]}|g" -e "s|@NAME@|$name|g" \
        -e "s|@HTDOCS@|$htdocs|g" "$top/tools/bench/httpd.conf.in" \
        > "httpd_$name.conf"
    $pin_httpd /usr/sbin/apache2 -f "$bench/httpd_$name.conf" \
        -D"${define[$name]}" $defines -k start
    started="$started $name"
done
sleep 1

# all pids of an instance: the parent and its children
pids() {
    local parent
    parent=$(cat "httpd_$1.pid")
    echo "$parent $(pgrep -P "$parent" | tr '\n' ' ')"
}
cpu_ticks() {
    local total=0 p
    for p in $(pids "$1"); do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
    done
    echo $total
}
rss_kb() {
    local total=0 p
    for p in $(pids "$1"); do
        total=$((total + $(awk '/VmRSS/ {print $2}' "/proc/$p/status")))
    done
    echo $total
}

# scenario -> instance path tokens
scenarios="plain hit rs256 es256 eddsa hs256 bad"
declare -A inst=([plain]=plain [hit]=cache [rs256]=nocache [es256]=nocache
                 [eddsa]=nocache [hs256]=nocache [bad]=nocache)
declare -A path=([plain]=/plain [hit]=/hit [rs256]=/rs256 [es256]=/es256
                 [eddsa]=/eddsa [hs256]=/hs256 [bad]=/bad)
declare -A toks=([plain]=hit.tok [hit]=hit.tok [rs256]=rs256.tok
                 [es256]=es256.tok [eddsa]=eddsa.tok [hs256]=hs256.tok
                 [bad]=bad.tok)
hz=$(getconf CLK_TCK)

run() {  # run SCENARIO SECONDS -> prints "reqs rps p50 p99 us_per_req rss non2xx"
    local s=$1 d=$2 i=${inst[$1]} c0 c1 out
    c0=$(cpu_ticks "$i")
    out=$(TOKENS="$bench/${toks[$s]}" BENCH_PATH="${path[$s]}" \
        $pin_wrk wrk -t1 -c16 -d"${d}s" --latency \
        -s "$top/tools/bench/tokens.lua" "http://127.0.0.1:${port[$i]}")
    c1=$(cpu_ticks "$i")
    echo "$out" | awk -v s="$s" -v d="$d" -v cpu=$((c1 - c0)) -v hz="$hz" \
        -v rss="$(rss_kb "$i")" '
        /^BENCH/ { for (k = 2; k <= NF; k++) { split($k, kv, "="); v[kv[1]] = kv[2] } }
        END { printf "%d %.1f %s %s %.1f %d %d\n", v["requests"],
              v["requests"] / d, v["p50"], v["p99"],
              v["requests"] ? cpu * 1e6 / hz / v["requests"] : 0, rss,
              v["non2xx"] }'
}

# warm up every scenario once
for s in $scenarios; do run "$s" 1 > /dev/null; done

echo "bench: $rounds interleaved rounds of ${seconds}s per scenario" \
     "(httpd ${pin_httpd:-unpinned}, wrk ${pin_wrk:-unpinned}, 16 connections)"
: > results.txt
for r in $(seq "$rounds"); do
    for s in $scenarios; do
        echo "$r $s $(run "$s" "$seconds")" >> results.txt
    done
done

# medians and the table
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
col() { awk -v s="$1" -v c="$2" '$2 == s {print $c}' results.txt | median; }
plain_rps=$(col plain 4)
plain_rss=$(awk '$2 == "plain" {print $8}' results.txt | sort -n | tail -1)
# lowest-highest of the ratios taken round by round (the spread of a run)
round_ratios() {
    awk -v s="$1" '$2 == "plain" {p[$1] = $4} $2 == s {r[$1] = $4}
        END { for (k in r) { x = r[k] / p[k]
                             if (lo == "" || x < lo) lo = x
                             if (hi == "" || x > hi) hi = x }
              printf "%.2f-%.2f", lo, hi }' results.txt
}
printf '\n%-8s %10s %7s %9s %9s %9s %10s %8s %11s\n' scenario "req/s" ratio \
    "p50 us" "p99 us" "CPU us" "peak RSS" "non-2xx" "per round"
for s in $scenarios; do
    rps=$(col "$s" 4)
    printf '%-8s %10.0f %6.2fx %9s %9s %9.1f %8d KB %8s %11s\n' "$s" "$rps" \
        "$(echo "$rps $plain_rps" | awk '{print $1 / $2}')" \
        "$(col "$s" 5)" "$(col "$s" 6)" "$(col "$s" 7)" \
        "$(awk -v s="$s" '$2 == s {print $8}' results.txt | sort -n | tail -1)" \
        "$(col "$s" 9)" "$(round_ratios "$s")"
done
echo "(medians of $rounds rounds; ratio = req/s / plain httpd's req/s;" \
     "CPU us = httpd CPU time per request; RSS = all httpd processes;" \
     "per round = lowest-highest ratio to plain within one round)"

# memory: RSS over a long run
for s in hit rs256; do
    i=${inst[$s]}
    before=$(rss_kb "$i")
    n=0
    while [ "$n" -lt "$growth" ]; do
        n=$((n + $(run "$s" 10 | awk '{print $1}')))
    done
    after=$(rss_kb "$i")
    echo "memory: $s: RSS $before KB -> $after KB after $n requests" \
         "(growth $((after - before)) KB); plain httpd RSS $plain_rss KB"
done

#!/bin/bash
# phases.sh - `make bench-phases`: where a first-seen token's time goes
# inside httpd under load.
#
# First a tight loop on the same core (sigspeed.c): what one verification
# costs outside httpd.  Then it builds the module from a temporary worktree
# of HEAD with tools/bench/phases.patch applied (rdtsc around each phase of
# a verification; per batch of 10000 requests the lower quartile of each
# phase in the error log, see the patch for why not the median), runs the
# distinct-token scenarios of `make bench` against it, and prints those in
# microseconds next to httpd's user and system CPU time per request, plain
# httpd included.  A request whose worker thread was switched out during
# its verification (getrusage RUSAGE_THREAD context switches) is left out:
# with one core and 32 threads, the wall clock would count the other
# threads' work.  Uses the keys, tokens and configurations a previous
# `make bench` left in build/bench.  Stops only what it started.
# PHASE_SECONDS overrides 8 s per scenario.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
bench="$top/build/bench"
work="$top/build/phases"
seconds=${PHASE_SECONDS:-8}

if [ ! -f "$bench/httpd_nocache.conf" ] || [ ! -f "$bench/rs256.tok" ]; then
    echo "phases: run 'make bench' first (it makes the keys, tokens and" \
         "configurations this uses)" >&2
    exit 1
fi
if [ "$(nproc)" -ge 2 ]; then
    pin_httpd="taskset -c 0"; pin_wrk="taskset -c 1"
else
    pin_httpd=""; pin_wrk=""
fi

git -C "$top" worktree remove --force "$work/tree" >/dev/null 2>&1 || true
rm -rf "$work"
mkdir -p "$work"
git -C "$top" worktree add -q --detach "$work/tree" HEAD
started=""
cleanup() {
    for name in $started; do
        kill -TERM "$(cat "$work/$name.pid")" 2>/dev/null || true
    done
    sleep 1
    git -C "$top" worktree remove --force "$work/tree" >/dev/null 2>&1 || true
}
trap cleanup EXIT
echo "phases: building the module with tools/bench/phases.patch"
(cd "$work/tree" && git apply "$top/tools/bench/phases.patch" \
    && make -s module > "$work/build.log" 2>&1) \
    || { cat "$work/build.log" >&2; echo "phases: the patch no longer" \
         "applies or builds against HEAD" >&2; exit 1; }

cc -O2 -I"$work/tree/src" -I"$top/t/unit" "$top/tools/bench/sigspeed.c" \
    "$work/tree/build/plain/libaor.a" -lssl -lcrypto -ljansson -lsodium \
    -o "$work/sigspeed"
$pin_httpd "$work/sigspeed"

defines=""
[ "$(id -u)" -eq 0 ] && defines="-DROOT"
declare -A port=([plain]=18091 [phases]=18093)
sed -e "s|^ErrorLog .*|ErrorLog \"$work/plain.log\"|" \
    -e "s|^PidFile .*|PidFile \"$work/plain.pid\"|" \
    -e "s|^Listen .*|Listen 127.0.0.1:${port[plain]}|" \
    "$bench/httpd_plain.conf" > "$work/plain.conf"
sed -e "s|^ErrorLog .*|ErrorLog \"$work/phases.log\"|" \
    -e "s|^PidFile .*|PidFile \"$work/phases.pid\"|" \
    -e "s|^Listen .*|Listen 127.0.0.1:${port[phases]}|" \
    -e "s|LoadModule agentos_rbac_module .*|LoadModule agentos_rbac_module \"$work/tree/build/plain/.libs/mod_agentos_rbac.so\"|" \
    "$bench/httpd_nocache.conf" > "$work/phases.conf"
$pin_httpd /usr/sbin/apache2 -f "$work/plain.conf" -DPLAIN $defines -k start
started="plain"
$pin_httpd /usr/sbin/apache2 -f "$work/phases.conf" -DNOCACHE $defines -k start
started="plain phases"
sleep 1

# user and system clock ticks of an instance: "utime stime"
ticks() {
    local parent p u=0 s=0
    parent=$(cat "$work/$1.pid")
    for p in $parent $(pgrep -P "$parent"); do
        set -- $(awk '{print $14, $15}' "/proc/$p/stat")
        u=$((u + $1)); s=$((s + $2))
    done
    echo "$u $s"
}
hz=$(getconf CLK_TCK)

printf '%-8s %7s %7s %7s | %s\n' scenario "user" "sys" "total" \
    "lower quartiles per request, us: jws payload digest pkey signature claims token free verify request_verify"
# wrk INSTANCE SCENARIO TOKENS CONNECTIONS -> number of requests
load() {
    TOKENS="$bench/$3.tok" BENCH_PATH="/$2" $pin_wrk wrk -t1 -c"$4" \
        -d"${seconds}s" -s "$top/tools/bench/tokens.lua" \
        "http://127.0.0.1:${port[$1]}" \
        | awk '/^BENCH/ {sub("requests=", "", $2); print $2}'
}
for s in plain rs256 es256 eddsa hs256; do
    inst=phases; tok=$s
    [ "$s" = plain ] && { inst=plain; tok=hit; }
    lines=$(grep -c AOR_PHASES "$work/phases.log" || true)
    read -r u0 s0 < <(ticks "$inst")
    n=$(load "$inst" "$s" "$tok" 16)
    read -r u1 s1 < <(ticks "$inst")
    phases="-"
    if [ "$s" != plain ]; then
        new=$(tail -n +"$((lines + 1))" "$work/phases.log" | grep AOR_PHASES || true)
        if [ "$(echo "$new" | grep -c AOR_PHASES)" -ge 2 ]; then
            # the last batch lies wholly inside this run
            phases=$(echo "$new" | tail -1 | sed 's/^AOR_PHASES //')
        else
            phases="(fewer than two batches: raise PHASE_SECONDS)"
        fi
    fi
    awk -v n="$n" -v hz="$hz" -v du=$((u1 - u0)) -v ds=$((s1 - s0)) \
        -v s="$s" -v p="$phases" 'BEGIN {
        printf "%-8s %7.1f %7.1f %7.1f | %s\n", s, du * 1e6 / hz / n,
               ds * 1e6 / hz / n, (du + ds) * 1e6 / hz / n, p }'
done
echo "(user, sys, total: httpd CPU us per request; phases: lower quartiles" \
     "of the last batch of 10000 requests not switched out during" \
     "verification, wall clock inside each call; switched_out: requests" \
     "left out)"

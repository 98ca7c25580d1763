#!/bin/sh
# e2e.sh FLAVOUR MPM - run the Apache::Test suite against
# build/FLAVOUR/.libs/mod_agentos_rbac.so under the event or prefork MPM.
#
# Fails (non-zero) on any failed test and on any crash or sanitizer report
# in the error log, which Apache::Test alone would not notice.
# AOR_VALGRIND=1 runs httpd under valgrind memcheck and requires
# "ERROR SUMMARY: 0 errors" from every process.
set -eu

flavour=${1:?flavour}
mpm=${2:?mpm}
top=$(cd "$(dirname "$0")/.." && pwd)
module="$top/build/$flavour/.libs/mod_agentos_rbac.so"
apxs=$(command -v apxs || command -v apxs2)

[ -f "$module" ] || { echo "e2e: $module is not built" >&2; exit 1; }
umask 022

# httpd's children run as an unprivileged user (nobody, when started as
# root) and must be able to read t/htdocs: if they cannot reach this
# checkout (under /root, or cloned with umask 077), run from a copy.
tree="$top"
if [ "$(id -u)" -eq 0 ]; then
    chmod -R a+rX "$top/t" 2>/dev/null || true
    if ! runuser -u nobody -- test -r "$top/t/htdocs/ok.txt"; then
        tree=$(mktemp -d /tmp/aor-e2e.XXXXXX)
        chmod 0755 "$tree"
        cp -a "$top/t" "$tree/t"
        chmod -R a+rX "$tree"
        runuser -u nobody -- test -r "$tree/t/htdocs/ok.txt" || {
            echo "e2e: nobody cannot read $tree/t/htdocs either" >&2
            exit 1
        }
        echo "e2e: $top is not readable by nobody; running from $tree"
    fi
fi

httpd_wrapper=""
case "$flavour" in
    asan) httpd_wrapper="$top/tools/httpd-asan" ;;
esac
if [ "${AOR_VALGRIND:-0}" = 1 ]; then
    httpd_wrapper="$top/tools/httpd-valgrind"
    export AOR_VALGRIND_DIR="$tree/t/logs/valgrind"
    export APACHE_TEST_STARTUP_TIMEOUT=300
fi

cd "$tree/t/.."
rm -rf t/logs
perl t/TEST.PL -clean >/dev/null 2>&1 || true
mkdir -p t/logs
[ -n "${AOR_VALGRIND_DIR:-}" ] && mkdir -p "$AOR_VALGRIND_DIR" \
    && chmod 0777 "$AOR_VALGRIND_DIR"

export AOR_MODULE="$module"
# configtest.t runs httpd -t itself, through the same wrapper
export AOR_HTTPD="${httpd_wrapper:-/usr/sbin/apache2}"
set -- -apxs "$apxs" -httpd_conf "$tree/t/conf/modules-$mpm.conf" \
    -port select -minclients 4 -maxclients 8
[ -n "$httpd_wrapper" ] && set -- "$@" -httpd "$httpd_wrapper"

echo "e2e: flavour=$flavour mpm=$mpm"
status=0
perl t/TEST.PL "$@" ${AOR_TESTS:-} || status=$?

# The token cache against a real memcached and redis-server, started here
# on a free loopback port and stopped afterwards.
free_port() {
    perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(Listen => 1,
        LocalAddr => "127.0.0.1", LocalPort => 0)->sockport'
}
wait_port() {
    for _ in $(seq 50); do
        perl -MIO::Socket::INET -e 'exit !IO::Socket::INET->new(
            "127.0.0.1:'"$1"'")' && return 0
        sleep 0.1
    done
    return 1
}
cache_pass() {
    provider=$1 define=$2
    shift 2
    export AOR_CACHE_PORT
    AOR_CACHE_PORT=$(free_port)
    # in the foreground of a background job: $! is the server itself, so
    # it is stopped whatever Apache::Test does to t/logs meanwhile
    case "$provider" in
        memcache)
            memcached -l 127.0.0.1 -p "$AOR_CACHE_PORT" -U 0 -u nobody & ;;
        redis)
            redis-server --bind 127.0.0.1 --port "$AOR_CACHE_PORT" \
                --save "" --appendonly no --daemonize no \
                --logfile "$tree/t/logs/redis.log" & ;;
    esac
    server=$!
    if ! wait_port "$AOR_CACHE_PORT"; then
        echo "e2e: $provider did not start" >&2
        kill "$server" 2>/dev/null || true
        return 1
    fi
    echo "e2e: token cache pass against $provider on $AOR_CACHE_PORT"
    rc=0
    AOR_EXPECT_CACHE=$provider perl t/TEST.PL "$@" -defines "$define" \
        t/token_cache.t || rc=$?
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    return $rc
}
if [ -z "${AOR_TESTS:-}" ] && [ "$mpm" = event ]; then
    cache_pass memcache AOR_CACHE_MEMCACHE "$@" || status=1
    cache_pass redis AOR_CACHE_REDIS "$@" || status=1
fi

log=t/logs/error_log
if [ -f "$log" ] && grep -nE 'AH00052|exit signal|AddressSanitizer|LeakSanitizer|runtime error:|Segmentation fault' "$log"; then
    echo "e2e: crash or sanitizer report in $log (above)" >&2
    status=1
fi
if [ -n "${AOR_VALGRIND_DIR:-}" ]; then
    n=0
    for f in "$AOR_VALGRIND_DIR"/vg.*.log; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        if ! grep -q 'ERROR SUMMARY: 0 errors' "$f"; then
            echo "e2e: valgrind errors in $f:" >&2
            cat "$f" >&2
            status=1
        fi
    done
    echo "e2e: valgrind logs checked: $n"
    [ "$n" -gt 0 ] || { echo "e2e: no valgrind log" >&2; status=1; }
fi
exit $status

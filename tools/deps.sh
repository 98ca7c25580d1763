#!/bin/sh
# deps.sh PURPOSE - make sure the Debian packages PURPOSE needs are there.
#
# As root, missing packages are installed with apt-get.  Otherwise the exact
# apt-get command is printed and the script fails, so nothing half-works.
set -eu

purpose=${1:-test}
build="gcc make pkg-config apache2 apache2-dev libssl-dev libjansson-dev \
       libsodium-dev libcurl4-openssl-dev openssl"
case "$purpose" in
    build) pkgs="$build" ;;
    run)   pkgs="$build curl" ;;
    test)  pkgs="$build libapache2-mod-perl2 libwww-perl libcrypt-jwt-perl \
                 libhttp-daemon-perl libio-socket-ssl-perl memcached redis-server \
                 libjson-perl valgrind" ;;
    bench) pkgs="$build wrk libcrypt-jwt-perl valgrind util-linux" ;;
    *) echo "deps.sh: unknown purpose '$purpose'" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    echo "deps.sh: installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing
    # Debian starts the packaged daemons; the project runs its own.
    for svc in apache2 memcached redis-server; do
        if command -v service >/dev/null 2>&1; then
            service "$svc" stop >/dev/null 2>&1 || true
        fi
    done
else
    echo "deps.sh: missing Debian packages:$missing" >&2
    echo "deps.sh: install them with:" >&2
    echo "    sudo apt-get install -y$missing" >&2
    exit 1
fi

#!/bin/sh
# check.sh MODULE.so - static checks of the project's rules:
#   1. the module exports only agentos_rbac_module;
#   2. the core (src/aor_*) includes no httpd or APR header;
#   3. every error-log tag AOR_LOGNO(n) is used at exactly one call site;
#   4. every directive the module registers is documented in README.md.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
module=${1:?module .so}
cd "$top"
fail=0

exports=$(nm -D --defined-only "$module" | awk '{print $3}' | sort)
if [ "$exports" != "agentos_rbac_module" ]; then
    echo "check: $module exports more than agentos_rbac_module:" >&2
    echo "$exports" >&2
    fail=1
fi

if grep -nE '#include *[<"](httpd|http_[a-z_]+|apr[a-z_]*|apu[a-z_]*|ap_[a-z_]+|util_[a-z_]+|mod_[a-z_]+)\.h' src/aor_*.[ch]; then
    echo "check: the core includes httpd/APR headers (above)" >&2
    fail=1
fi

dups=$(grep -ohE 'AOR_LOGNO\([0-9]+\)' mod_agentos_rbac.c src/*.c | sort | uniq -d)
if [ -n "$dups" ]; then
    echo "check: log tags used more than once: $dups" >&2
    fail=1
fi

directives=$(grep -ohE 'AP_INIT_[A-Z0-9_]+\("[A-Za-z]+"' mod_agentos_rbac.c \
             | sed -E 's/.*\("//; s/"$//' | sort -u)
for d in $directives; do
    if ! grep -qE "^### +$d\b" README.md; then
        echo "check: directive $d has no '### $d' entry in README.md" >&2
        fail=1
    fi
done
documented=$(grep -oE '^### +AgentOS[A-Za-z]+' README.md | awk '{print $2}' | sort -u)
for d in $documented; do
    echo "$directives" | grep -qx "$d" || {
        echo "check: README.md documents $d, which the module does not register" >&2
        fail=1
    }
done

n=$(echo "$directives" | wc -w)
[ $fail -eq 0 ] && echo "check: ok ($n directives documented, exports and layers clean, log tags unique)"
exit $fail

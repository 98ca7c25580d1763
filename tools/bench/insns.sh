#!/bin/sh
# insns.sh - `make bench-insns`: instructions per operation of the
# decision path, counted by callgrind over N operations (only inside the
# bench_* functions), so regressions show whatever the machine's load.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out="$top/build/bench"
mkdir -p "$out"
cc -O2 -g -I"$top/src" -I"$top/t/unit" "$top/tools/bench/insns-driver.c" \
    "$top/build/plain/libaor.a" -lssl -lcrypto -ljansson -lsodium \
    -o "$out/insns-driver"
"$out/insns-driver" cache-hit 200000
"$out/insns-driver" routes 2000

count() {  # count FUNCTION MODE N OPS_PER_N
    f="$out/callgrind.$2.out"
    valgrind --tool=callgrind --callgrind-out-file="$f" \
        --toggle-collect="$1" "$out/insns-driver" "$2" "$3" \
        > /dev/null 2>&1
    ir=$(callgrind_annotate "$f" 2>/dev/null \
         | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}')
    echo "$2: $ir instructions for $(($3 * $4)) operations:" \
         "$((ir / ($3 * $4))) per operation"
}
count "bench_*" cache-hit 1000 1
routes=$(awk -F '\t' '!/^#/ && NF == 3' "$top/src/aor_default_routes.tsv" | wc -l)
count "bench_*" routes 10 "$routes"

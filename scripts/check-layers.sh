#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks the backend's layering (issue 25, docs/architecture.md) and prints each violation on
# one line; exits non-zero if there is any. Run by CTest (test "check_layers") in every preset.
#   - storage/ includes nothing from security/ (it declares the interfaces it needs, e.g.
#     storage/fieldsealer.h, and the composition root passes the implementation in);
#   - no domain module includes from api/ (the HTTP layer sits above the domain): everything
#     under backend/ except backend/api/ and backend/runtime/ (the composition root);
#   - no file under backend/ is longer than 800 lines.
#   scripts/check-layers.sh [source dir]    (default: this script's repository)
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
[ -d backend ] || { echo "check-layers: no backend/ in $(pwd)" >&2; exit 2; }

violations=0
report() {
    echo "layering: $1"
    violations=$((violations + 1))
}

include_re='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]'

# file:line: for each include of $2 (a folder) in the files under $1.
includes_of() {
    grep -rnE --include='*.h' --include='*.cpp' "${include_re}$2/" "$1" || true
}

while IFS= read -r hit; do
    [ -n "$hit" ] && report "$hit: storage/ includes security/"
done < <(includes_of backend/storage security)

for module in backend/*/; do
    module=${module%/}
    case "$module" in backend/api | backend/runtime) continue ;; esac
    while IFS= read -r hit; do
        [ -n "$hit" ] && report "$hit: domain module ${module#backend/}/ includes api/"
    done < <(includes_of "$module" api)
done

while read -r lines file; do
    [ "$lines" -gt 800 ] && report "$file: $lines lines (more than 800)"
done < <(find backend -type f -exec wc -l {} + | grep -v ' total$' | sort -k2)

if [ "$violations" -gt 0 ]; then
    echo "layering: $violations violation(s)"
    exit 1
fi
echo "layering: ok"

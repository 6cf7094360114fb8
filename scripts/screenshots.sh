#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Screenshots of every page of the real window under Xvfb, with demo data, in English and French:
# docs/screenshots/<language>-<n>-<page>.png (the README shows them).
#   scripts/screenshots.sh                  (builds the release preset)
#   DROPCREW_BINARY=build/dev/app/dropcrew scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh --screenshots
bin=${DROPCREW_BINARY:-}
if [ -z "$bin" ]; then
    cmake --preset release >/dev/null
    cmake --build --preset release --target dropcrew
    bin=build/release/app/dropcrew
fi
data=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$data"' EXIT
mkdir -p "$data/workflows"
cp workflows/*.yaml "$data/workflows/"

# Demo data, entered through the API of a headless start on the same data folder: orders and the
# workflow runs they start, a shop, suppliers and a user.
DROPCREW_ADMIN_PASSWORD=demo-password-123 "$bin" --headless --data-dir "$data" --secrets file \
    --listen 127.0.0.1:0 >"$data/out" 2>"$data/err" &
pid=$!
for _ in $(seq 100); do grep -q "^listening on" "$data/out" && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$data/out")
[ -n "$base" ] || { cat "$data/err"; exit 1; }
token=$(curl -fsS -H 'Content-Type: application/json' \
    -d '{"username":"admin","password":"demo-password-123"}' "$base/api/auth/token" |
    sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
api() { curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
products=("Desk lamp:LAMP-1:2490" "Phone stand:STAND-2:1290" "Travel mug:MUG-3:1890" "LED strip:LED-4:2990")
for i in $(seq 1 36); do
    IFS=: read -r title sku price <<<"${products[$((i % 4))]}"
    api -d "{\"name\":\"#10$((40 + i))\",\"shop\":\"demo-store.myshopify.com\",\"currency\":\"EUR\",
             \"shipping_minor\":490,\"tax_minor\":0,
             \"shipping_address\":{\"name\":\"Client $i\",\"address1\":\"$i rue des Lilas\",\"city\":\"Lille\",\"zip\":\"59000\",\"country_code\":\"FR\"},
             \"line_items\":[{\"title\":\"$title\",\"sku\":\"$sku\",\"quantity\":$((1 + i % 3)),\"unit_price_minor\":$price}]}" \
        "$base/api/orders" >/dev/null
done
# A shop with its secrets, suppliers and a second user, for the Settings and Suppliers pages.
api -X PUT -d '{"currency":"EUR","access_token":"shpat_demo","webhook_secret":"whsec_demo"}' \
    "$base/api/shops/demo-store.myshopify.com" >/dev/null
for s in "Shenzhen Lights" "Yiwu Home Goods" "Guangzhou Gadgets"; do
    api -d "{\"name\":\"$s\",\"platform\":\"aliexpress\",\"active\":true}" "$base/api/suppliers" >/dev/null
done
api -d '{"username":"claire","password":"demo-password-456","role":"operator"}' \
    "$base/api/users" >/dev/null
sleep 3 # the order workflows run
kill -TERM "$pid"
wait "$pid" || true
pid=""
# The demo orders all arrived just now; spread them (and their runs) over the last day so the
# dashboard's hourly charts have a shape. Only this throwaway demo database is changed.
sqlite3 "$data/dropcrew.db" \
    "UPDATE orders SET created_at = created_at - (id * 7 % 23) * 3600000 - id * 60000;
     UPDATE workflow_runs SET created_at = created_at - (id * 7 % 23) * 3600000 - id * 60000;"

rm -f docs/screenshots/*.png
for lang in en_US fr_FR; do
    LANG=$lang.UTF-8 LC_ALL=$lang.UTF-8 LANGUAGE=${lang%_*} QT_QPA_PLATFORM=xcb \
        DROPCREW_SCREENSHOTS="$PWD/docs/screenshots" \
        xvfb-run -a -s "-screen 0 1600x1000x24" \
        "$bin" --data-dir "$data" --secrets file --listen 127.0.0.1:0 >/dev/null
done
ls -l docs/screenshots/

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Screenshots of every page of the real window under Xvfb, with demo data, in English and French,
# light and dark: docs/screenshots/<language>-<theme>-<n>-<page>.png (the README shows them).
# The demo has held orders, a replacement, a failed run, dead tasks and open alerts.
#   scripts/screenshots.sh                  (builds the dev preset: the app and the demo's fakes)
#   DROPCREW_BINARY=build/dev/app/dropcrew scripts/screenshots.sh
# The demo's AliExpress and Shopify are the test suite's stand-ins (tests/tools/demo_fakes.cpp):
# supplier orders are placed, ship and arrive, and fulfilments go back to "Shopify".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh --screenshots
bin=${DROPCREW_BINARY:-}
if [ -z "$bin" ]; then
    cmake --preset dev >/dev/null
    cmake --build --preset dev --target dropcrew dropcrew_demo_fakes
    bin=build/dev/app/dropcrew
fi
fakes=${DROPCREW_DEMO_FAKES:-$(dirname "$bin")/../tests/dropcrew_demo_fakes}
[ -x "$fakes" ] || { echo "screenshots.sh: no $fakes (build the dev preset's dropcrew_demo_fakes)" >&2; exit 2; }
data=$(mktemp -d)
pid="" fakes_pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$fakes_pid" ] && kill "$fakes_pid" 2>/dev/null; rm -rf "$data"' EXIT
mkdir -p "$data/workflows"
cp workflows/*.yaml "$data/workflows/"

# The demo's 36 Shopify orders are 9001..9036.
"$fakes" $(seq 9001 9036) >"$data/fakes" &
fakes_pid=$!
for _ in $(seq 100); do grep -q "^shopify " "$data/fakes" && break; sleep 0.1; done
ae_url=$(sed -n 's/^aliexpress //p' "$data/fakes")
shopify_url=$(sed -n 's/^shopify //p' "$data/fakes")
[ -n "$shopify_url" ] || { echo "screenshots.sh: the demo fakes did not start" >&2; exit 1; }
# Reconciliation and polling off: the demo's orders come by webhook only.
printf '[shopify]\nreconcile_minutes=0\npoll_seconds=0\n[aliexpress]\nurl=%s\n' "$ae_url" >"$data/dropcrew.ini"

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
# The shop first, with its webhook secret: products and orders then arrive as Shopify sends them,
# signed webhooks through /webhooks/shopify.
shop=demo-store.myshopify.com
api -X PUT -d "{\"currency\":\"EUR\",\"access_token\":\"shpat_demo\",\"webhook_secret\":\"whsec_demo\",
    \"admin_url\":\"$shopify_url\"}" "$base/api/shops/$shop" >/dev/null
api -X PUT -d '{"app_key":"demo-app","app_secret":"demo-app-secret","access_token":"demo-access-token"}' \
    "$base/api/integrations/aliexpress" >/dev/null
n=0
webhook() { # topic body
    n=$((n + 1))
    local sig
    sig=$(printf '%s' "$2" | openssl dgst -sha256 -hmac whsec_demo -binary | base64)
    curl -fsS -H 'Content-Type: application/json' -H "X-Shopify-Topic: $1" \
        -H "X-Shopify-Shop-Domain: $shop" -H "X-Shopify-Webhook-Id: demo-$n" \
        -H "X-Shopify-Triggered-At: $(date -u +%Y-%m-%dT%H:%M:%SZ)" \
        -H "X-Shopify-Hmac-Sha256: $sig" --data-binary "$2" "$base/webhooks/shopify" >/dev/null
}
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
# title:variant id:sku:variant title:price, one line per variant (product id from the first digit)
variants=("Desk lamp:101:LAMP-1B:Black:24.90" "Desk lamp:102:LAMP-1W:White:24.90"
          "Phone stand:201:STAND-2:Default:12.90" "Travel mug:301:MUG-3:Default:18.90"
          "LED strip:401:LED-4:2 m:29.90" "Wireless charger:501:CHRG-5:Default:21.90"
          "Yoga mat:601:MAT-6:Default:34.90")
for product in 1 2 3 4 5 6; do
    title="" list=""
    for v in "${variants[@]}"; do
        IFS=: read -r t vid sku vt price <<<"$v"
        [ "${vid:0:1}" = "$product" ] || continue
        title=$t
        list+="${list:+,}{\"id\":$vid,\"sku\":\"$sku\",\"title\":\"$vt\",\"price\":\"$price\",\"inventory_quantity\":$((vid % 40))}"
    done
    webhook products/create "{\"id\":$product,\"title\":\"$title\",\"vendor\":\"Demo\",\"status\":\"active\",\"updated_at\":\"$now\",\"variants\":[$list]}"
done
# Suppliers, and offers for every variant but the white lamp and the yoga mat.
declare -A supplier
for s in "Shenzhen Lights" "Yiwu Home Goods" "Guangzhou Gadgets"; do
    supplier[$s]=$(api -d "{\"name\":\"$s\",\"platform\":\"aliexpress\",\"active\":true}" \
        "$base/api/suppliers" | jq -r .id)
done
for _ in $(seq 100); do
    [ "$(api "$base/api/products?limit=10" | jq '.products | length')" = 6 ] && break
    sleep 0.1
done
variant_id() { api "$base/api/products?q=$1" | jq -r ".products[].variants[] | select(.sku == \"$1\") | .id"; }
offer() { # sku supplier product cost shipping priority [ships_to]
    api -X PUT -d "{\"supplier_id\":${supplier[$2]},\"supplier_product_id\":\"$3\",\"supplier_sku_id\":\"12${3:1}\",\"currency\":\"EUR\",
        \"cost_minor\":$4,\"shipping_minor\":$5,\"stock\":120,\"priority\":$6,\"ships_to\":[${7:-}]}" \
        "$base/api/variants/$(variant_id "$1")/offers" >/dev/null
}
offer LAMP-1B "Shenzhen Lights" 1005001001 680 210 0
offer LAMP-1B "Yiwu Home Goods" 1005002001 720 190 5
offer STAND-2 "Guangzhou Gadgets" 1005003001 240 120 0
offer MUG-3 "Yiwu Home Goods" 1005002002 410 250 0
offer LED-4 "Shenzhen Lights" 1005001002 890 310 0 '"FR","BE"'
offer CHRG-5 "Guangzhou Gadgets" 1005003002 650 180 0
# Orders, paid, as orders/create webhooks; the yoga mat's and the white lamp's are held (no offer).
for i in $(seq 1 36); do
    IFS=: read -r title vid sku vt price <<<"${variants[$((i % 7))]}"
    qty=$((1 + i % 3))
    cents=$((10#${price/./} * qty))
    subtotal=$(printf '%d.%02d' $((cents / 100)) $((cents % 100)))
    total=$(printf '%d.%02d' $(((cents + 490) / 100)) $(((cents + 490) % 100)))
    webhook orders/create "{\"id\":$((9000 + i)),\"name\":\"#10$((40 + i))\",\"created_at\":\"$now\",
        \"updated_at\":\"$now\",\"currency\":\"EUR\",\"financial_status\":\"paid\",
        \"fulfillment_status\":null,\"subtotal_price\":\"$subtotal\",\"total_price\":\"$total\",
        \"total_tax\":\"0.00\",\"total_shipping_price_set\":{\"shop_money\":{\"amount\":\"4.90\",\"currency_code\":\"EUR\"}},
        \"shipping_address\":{\"first_name\":\"Client\",\"last_name\":\"$i\",\"address1\":\"$i rue des Lilas\",
            \"city\":\"Lille\",\"zip\":\"59000\",\"country_code\":\"FR\"},
        \"line_items\":[{\"id\":$((90000 + i)),\"product_id\":${vid:0:1},\"variant_id\":$vid,\"sku\":\"$sku\",
            \"title\":\"$title\",\"quantity\":$qty,\"price\":\"$price\",\"total_discount\":\"0.00\"}]}"
done
# An API key for a deployment script (the Administration page).
api -d '{"name":"ci-deploy","role":"viewer"}' "$base/api/keys" >/dev/null
# A second user, for the Settings page.
api -d '{"username":"claire","password":"demo-password-456","role":"operator"}' \
    "$base/api/users" >/dev/null
for _ in $(seq 100); do
    [ "$(api "$base/api/orders?limit=50" | jq '.orders | length')" -ge 36 ] && break
    sleep 0.1
done
# runs_settled WORKFLOW COUNT: the workflow has COUNT runs, each finished.
runs_settled() {
    for _ in $(seq 300); do
        api "$base/api/workflows/$1/runs?limit=100" | jq -e --argjson n "$2" \
            '(.runs | length) >= $n and all(.runs[]; .state == "succeeded" or .state == "failed" or .state == "cancelled")' \
            >/dev/null && return 0
        sleep 0.1
    done
    echo "screenshots.sh: the $1 runs did not finish" >&2
    return 1
}
runs_settled order_processing_workflow 36
# The half-hourly tracking sync, now: shipped parcels are fulfilled on "Shopify".
api -d '{"key":"demo"}' "$base/api/workflows/tracking_sync" >/dev/null
runs_settled tracking_sync 1
shipped=$(api "$base/api/events?topic=shipment.created&limit=100" | jq '.events | length')
runs_settled order_fulfillment "$shipped"
# One parcel arrived broken: the operator sends it again (a replacement through the same workflow).
broken=$(api "$base/api/orders?status=delivered&limit=1" | jq -r '.orders[0].id')
api -d '{"reason":"Arrived broken (photo from the customer)","key":"demo-replacement"}' \
    "$base/api/orders/$broken/replace" >/dev/null
runs_settled order_processing_workflow 37
# A failed run: an operator's re-check of an order that no longer exists (ORDER_NOT_FOUND, not
# retried), as the Runs page and the sidebar's badge show it.
curl -fsS -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/yaml' \
    --data-binary $'name: recheck_order\nsteps:\n  - name: validate\n    agent: order_manager\n    action: validate_order\n    input:\n      order_id: "{{ input.order_id }}"\n' \
    "$base/api/workflows/recheck_order/definition" >/dev/null
api -d '{"input":{"order_id":999999},"key":"demo-recheck"}' "$base/api/workflows/recheck_order" >/dev/null
runs_settled recheck_order 1
kill -TERM "$pid"
wait "$pid" || true
pid=""
# The demo orders all arrived just now; spread them (and their runs) over the last day so the
# dashboard's hourly charts have a shape. Only this throwaway demo database is changed.
sqlite3 "$data/dropcrew.db" \
    "UPDATE orders SET created_at = created_at - (id * 7 % 23) * 3600000 - id * 60000;
     UPDATE workflow_runs SET created_at = created_at - (id * 7 % 23) * 3600000 - id * 60000;"

rm -f docs/screenshots/*.png
for theme in light dark; do
    for lang in en_US fr_FR; do
        LANG=$lang.UTF-8 LC_ALL=$lang.UTF-8 LANGUAGE=${lang%_*} QT_QPA_PLATFORM=xcb \
            DROPCREW_SCREENSHOTS="$PWD/docs/screenshots" DROPCREW_THEME=$theme \
            xvfb-run -a -s "-screen 0 1600x1000x24" \
            "$bin" --data-dir "$data" --secrets file --listen 127.0.0.1:0 >/dev/null
    done
done
ls -l docs/screenshots/

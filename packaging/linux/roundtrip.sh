#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The .deb round trip the test command runs: package a build tree with CPack, check it with
# lintian (no errors), install it with apt, smoke-test the installed files (version, info:
# shipped workflows, default settings and translations, man page, desktop file, AppStream,
# systemd unit, a headless start as an unprivileged user serving /api/health and the shipped
# workflows), then
# purge it and check nothing is left. Needs root (apt) and the packages of scripts/deps.sh --test.
#   packaging/linux/roundtrip.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: roundtrip.sh BUILD_DIR}
cd "$(dirname "$0")/../.."
fail() { echo "roundtrip: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "needs root to install the package (run it as root or in CI)"
for tool in cpack lintian apt-get dpkg-shlibdeps desktop-file-validate appstreamcli systemd-analyze curl setpriv; do
    command -v "$tool" >/dev/null || fail "$tool is missing (scripts/deps.sh --test installs it)"
done
version=$(sed -n 's/^project(DropCrew VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)

echo "=== package: cpack -G DEB in $build"
rm -rf "$build/packages"
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/packages/dropcrew_"$version"-*_*.deb)
echo "$deb ($(du -h "$deb" | cut -f1))"
dpkg-deb --field "$deb" Version Depends Recommends

echo "=== lintian"
lintian --fail-on error --allow-root --tag-display-limit 0 "$deb" || fail "lintian reported errors"

echo "=== install"
dpkg -s dropcrew >/dev/null 2>&1 && apt-get purge -y -qq dropcrew >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$(realpath "$deb")" >/dev/null

echo "=== smoke test"
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
[ "$(/usr/bin/dropcrew --version)" = "dropcrew $version" ] || fail "dropcrew --version"
info=$(/usr/bin/dropcrew info --data-dir "$tmp/info") || { echo "$info"; fail "dropcrew info"; }
echo "$info"
grep -q "^shipped workflows: /usr/share/dropcrew/workflows$" <<<"$info" || fail "workflows not found"
grep -q "order_processing_workflow (order_processing.yaml)" <<<"$info" || fail "seed workflow"
grep -q "^workflows: [1-9][0-9]* ([1-9][0-9]* shipped" <<<"$info" || fail "workflow count"
grep -q "^default settings: /usr/share/dropcrew/dropcrew.ini$" <<<"$info" || fail "default settings"
grep -q "^translations: en, fr$" <<<"$info" || fail "translations"
man -w dropcrew >/dev/null || fail "man page"
desktop-file-validate /usr/share/applications/io.dropcrew.DropCrew.desktop
appstreamcli validate --no-net --pedantic /usr/share/metainfo/io.dropcrew.DropCrew.metainfo.xml >/dev/null \
    || appstreamcli validate --no-net /usr/share/metainfo/io.dropcrew.DropCrew.metainfo.xml
[ -f /usr/share/icons/hicolor/256x256/apps/io.dropcrew.DropCrew.png ] || fail "icon"
systemd-analyze verify /usr/lib/systemd/system/dropcrew.service

# The unit's command line, as an unprivileged user (the unit runs a dedicated one).
chmod 0711 "$tmp" && mkdir -p "$tmp/state" && chown nobody:nogroup "$tmp/state" && chmod 0700 "$tmp/state"
DROPCREW_ADMIN_PASSWORD=roundtrip-admin-password setpriv --reuid=nobody --regid=nogroup \
    --clear-groups /usr/bin/dropcrew --headless --data-dir "$tmp/state" --secrets file \
    --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do grep -q "^listening on" "$tmp/out" && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$tmp/out")
[ -n "$base" ] || { cat "$tmp/err"; fail "the headless server did not start"; }
health=$(curl -fsS "$base/api/health")
echo "GET /api/health: $health"
grep -q '"status":"ok"' <<<"$health" || fail "health"
grep -q '"shipped":"found"' <<<"$health" || fail "health: shipped workflows not found"
token=$(curl -fsS -H 'Content-Type: application/json' \
    -d '{"username":"admin","password":"roundtrip-admin-password"}' "$base/api/auth/token" |
    sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
workflows=$(curl -fsS -H "Authorization: Bearer $token" "$base/api/workflows")
grep -q '"order_processing_workflow"' <<<"$workflows" || fail "the server did not load the shipped workflows"
echo "GET /api/workflows: order_processing_workflow and the other shipped workflows are loaded"
kill -TERM "$pid"
wait "$pid" || fail "the server did not stop cleanly"
pid=""

echo "=== purge"
apt-get purge -y -qq dropcrew >/dev/null
! dpkg -s dropcrew >/dev/null 2>&1 || fail "still installed"
for f in /usr/bin/dropcrew /usr/bin/dropcrew-desktop /usr/share/dropcrew /usr/lib/systemd/system/dropcrew.service \
         /usr/share/applications/io.dropcrew.DropCrew.desktop /usr/share/man/man1/dropcrew.1.gz; do
    [ ! -e "$f" ] || fail "$f left behind"
done
echo "deb round trip: ok"

#!/usr/bin/env bash
# Installs the Debian packages Rød tråd needs, only those that are missing.
#   scripts/system-deps.sh run    what `make run` needs (pango for PDF, gettext, Node.js/npm)
#   scripts/system-deps.sh test   the above and headless Chromium for browser tests
set -euo pipefail

wanted=(libpango-1.0-0 libpangoft2-1.0-0 gettext)
command -v npm >/dev/null 2>&1 || wanted+=(nodejs npm)
if [ "${1:-run}" = "test" ]; then
    wanted+=(chromium chromium-driver fonts-dejavu-core)
fi

missing=()
for package in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "Mangler systempakker: ${missing[*]} (og fant ikke apt-get). Installer dem og prøv igjen." >&2
    exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installerer systempakker: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

#!/usr/bin/env bash
# Install what the product needs: Debian packages (when root) and the Python virtualenv.
# Usage: scripts/bootstrap.sh run|test
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-run}"

# WeasyPrint needs Pango; libharfbuzz-subset0 makes CJK font subsetting fast (0.05 s instead of seconds a page).
# SoftHSM2 is the PKCS#11 token that holds the bureaus' signing keys in the demo and the tests (a real HSM in
# production; `manage.py signing_setup` initialises it under var/signing, no root needed).
packages=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-arphic-uming softhsm2 gettext unzip curl)
command -v java >/dev/null 2>&1 || packages+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || packages+=(maven)
if [ "$purpose" = test ]; then
    # PostgreSQL is the database the tests run on; poppler and zbar read rendered certificates back;
    # headless Chromium drives the browser tests; Redis and HAProxy belong to the cluster of the fault test.
    packages+=(postgresql poppler-utils zbar-tools chromium redis-server haproxy)
fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "Installing Debian packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q >/dev/null
        apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "Please install these Debian packages first (as root):" >&2
        echo "  sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))'; then
    echo "Python 3.11 or newer is needed (found $("$python" --version 2>&1))." >&2
    exit 1
fi
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
stamp=.venv/.requirements.sha256
wanted=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    .venv/bin/pip install -q --upgrade pip
    .venv/bin/pip install -q -r requirements.txt
    echo "$wanted" >"$stamp"
fi

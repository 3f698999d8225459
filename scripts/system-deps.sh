#!/usr/bin/env bash
# Install the Debian packages the test suite needs, only when missing:
#   postgresql       -> initdb/pg_ctl for the throwaway test cluster
#   chromium         -> /usr/bin/chromium for the browser tests
#   chromium-driver  -> /usr/bin/chromedriver (kept alongside Chromium)
#   openssl          -> a throwaway certificate for the SMTP STARTTLS test
# Skips apt entirely when everything is already installed.
set -euo pipefail

missing=()

pg_bin_present() {
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null \
        && compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null
}

pg_bin_present || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v openssl >/dev/null || missing+=(openssl)

if [ "${#missing[@]}" -eq 0 ]; then
    echo "system-deps: postgresql, chromium, chromium-driver and openssl already present"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi

echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${missing[@]}" </dev/null

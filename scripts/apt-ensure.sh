#!/usr/bin/env bash
# Install the named Debian packages that are missing, when this machine lets us (root + apt-get).
# Never fails the build: without root or apt the features that need them skip with a reason.
set -u
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "apt-ensure: not root or no apt-get; missing Debian packages: ${missing[*]} (features needing them will skip)" >&2
  exit 0
fi
echo "apt-ensure: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
  || echo "apt-ensure: could not install ${missing[*]}" >&2
exit 0

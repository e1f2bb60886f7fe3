#!/usr/bin/env bash
# Installs what the test suite needs beyond Rust, and nothing more, from Debian's packages
# when missing: headless Chromium (browser tests), Python 3 (the SPEC §3 site checker),
# Node.js (the search script's tests), and FUSE file systems for FAT32 and exFAT sticks (the
# sync tests); then axe-core (accessibility checks) from npm, pinned by package-lock.json. No
# fonts: the default theme ships its own, so pages and screenshots do not depend on the
# machine's. Idempotent; does nothing when everything is there.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v python3 >/dev/null 2>&1 || need+=(python3)
# FAT32 and exFAT sticks for the sync tests, mounted through FUSE (no kernel module).
command -v fusefat >/dev/null 2>&1 || need+=(fusefat)
[ -x /usr/sbin/mkfs.vfat ] && [ -x /usr/sbin/fsck.fat ] || need+=(dosfstools)
[ -x /usr/sbin/mount.exfat-fuse ] || need+=(exfat-fuse)
[ -x /usr/sbin/mkfs.exfat ] && [ -x /usr/sbin/fsck.exfat ] || need+=(exfatprogs)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing ${need[*]} from Debian's packages"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
chromium --version
cd "$(dirname "$0")/.."
# `npm ci` unless node_modules was installed after the lock file last changed.
if [ ! -f node_modules/axe-core/axe.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

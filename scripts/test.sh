#!/usr/bin/env bash
# The project's test command: installs what the browser tests need (Chromium, from Debian's
# packages, when missing), then runs every test: unit, integration, and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-test-deps.sh
cargo test --workspace --all-targets --no-fail-fast "$@"

#!/usr/bin/env bash
# Quick start 1: set up, then run the demo on the embedded PostgreSQL (add --headless without a screen).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/showroom demo "$@"

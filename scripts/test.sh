#!/usr/bin/env bash
# Quick start 2: set up, then lint, type-check, check import boundaries and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
# Models and face photos come from the team kit beside the repository, never from the network.
export SHOWROOM_MODELS_DIR=${SHOWROOM_MODELS_DIR:-$(cd .. && pwd)/shared/models}
export SHOWROOM_FACES_DIR=${SHOWROOM_FACES_DIR:-$(cd .. && pwd)/shared/faces}

echo "== ruff"; .venv/bin/ruff check . && .venv/bin/ruff format --check .
echo "== mypy"; .venv/bin/mypy
echo "== import contracts"; .venv/bin/lint-imports
echo "== pytest"
set +e
.venv/bin/python -m pytest -p no:cacheprovider "$@"
status=$?
set -e
if [ "$status" = 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi
exit "$status"

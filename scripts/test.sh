#!/usr/bin/env bash
# Set everything up, then run the test suite (2 workers) and ruff.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m ruff check src tests examples benchmarks
.venv/bin/python -m pytest -n 2 "$@"

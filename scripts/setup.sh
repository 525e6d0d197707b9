#!/usr/bin/env bash
# Create .venv with the CPU build of torch and torcheras installed in editable mode.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .
# Graphviz's `dot` renders keras.utils.plot_model; install it when missing and apt can
# (root or passwordless sudo). Never fail the setup over it: plot_model says what to install.
if ! command -v dot >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
        if [ "$(id -u)" -eq 0 ]; then
            (apt-get install -y -q graphviz >/dev/null 2>&1 \
                || (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q graphviz >/dev/null 2>&1)) \
                || echo "note: could not install graphviz; keras.utils.plot_model will not work" >&2
        elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo -n apt-get install -y -q graphviz >/dev/null 2>&1 \
                || echo "note: could not install graphviz; keras.utils.plot_model will not work" >&2
        else
            echo "note: graphviz is missing (apt-get install graphviz) for keras.utils.plot_model" >&2
        fi
    else
        echo "note: graphviz is missing (https://graphviz.gitlab.io/download/) for keras.utils.plot_model" >&2
    fi
fi

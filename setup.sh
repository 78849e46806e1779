#!/usr/bin/env bash
# Set up peacesim in ./.venv with Python 3.12 or newer (Mesa 3.5 needs it).
#   bash setup.sh          install the package
#   bash setup.sh test     install the package with the test tools
# Finds Python by, in order: $PEACESIM_PYTHON, python3.13/python3.12/python3 on PATH,
# then interpreters under pyenv's and uv's version folders.
set -euo pipefail
cd "$(dirname "$0")"

extras=""
[ "${1:-}" = "test" ] && extras="[test]"

is_ok() {  # is_ok PYTHON: true if it runs and is 3.12+
    "$1" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
    local c
    for c in "${PEACESIM_PYTHON:-}" python3.14 python3.13 python3.12 python3 python; do
        [ -n "$c" ] && command -v "$c" >/dev/null 2>&1 && is_ok "$c" && { command -v "$c"; return; }
    done
    local roots=()
    command -v pyenv >/dev/null 2>&1 && roots+=("$(pyenv root)/versions")
    roots+=("$HOME/.pyenv/versions" "$HOME/.local/share/uv/python" /usr/local/bin /opt/python*)
    for r in "${roots[@]}"; do
        for c in $(ls -d "$r"/*/bin/python3 "$r"/python3.1[2-9] 2>/dev/null | sort -rV); do
            is_ok "$c" && { echo "$c"; return; }
        done
    done
    return 1
}

if [ -x .venv/bin/python ] && is_ok .venv/bin/python; then
    py=.venv/bin/python
else
    if ! base=$(find_python); then
        echo "peacesim needs Python 3.12 or newer and found none." >&2
        echo "Install one (for example 'apt install python3.12 python3.12-venv', 'pyenv install 3.12'," >&2
        echo "or 'uv python install 3.12'), or point PEACESIM_PYTHON at it, then run this again." >&2
        exit 1
    fi
    echo "setup: using $base ($("$base" --version 2>&1))" >&2
    rm -rf .venv
    "$base" -m venv .venv
    py=.venv/bin/python
fi
"$py" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
"$py" -m pip install --quiet --disable-pip-version-check -e ".${extras}" >&2

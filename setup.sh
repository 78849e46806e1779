#!/usr/bin/env bash
# Set up peacesim in ./.venv with Python 3.12 or newer (Mesa 3.5 needs it).
#   bash setup.sh          install the package: run, validate, sweep, summarize, history, backtest
#   bash setup.sh app      ... and the browser app (peacesim app: Solara, served offline)
#   bash setup.sh test     ... and the app and the test tools (what CI runs)
# Finds Python by, in order: $PEACESIM_PYTHON, python3.13/python3.12/python3 on PATH,
# then interpreters under pyenv's and uv's version folders.
set -euo pipefail
cd "$(dirname "$0")"

case "${1:-}" in
    "") extras="" ;;
    app) extras="[app]" ;;
    test) extras="[test]" ;;
    *)
        echo "setup.sh: unknown choice '$1'; use 'bash setup.sh' (the package), 'bash setup.sh app' (with the browser app) or 'bash setup.sh test' (with the app and the test tools)" >&2
        exit 2
        ;;
esac

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
echo "setup: updating pip" >&2
"$py" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2

# pip's steps, one line each (pip draws no progress bar into a pipe)
packages() { [ "$1" = 1 ] && echo "1 package" || echo "$1 packages"; }

steps() {  # pip's output on stdin -> a line per package collected, the count unpacked and installed
    local line name n=0
    while IFS= read -r line; do
        case "$line" in
            "Collecting "*)
                read -r _ name _ <<<"$line"
                n=$((n + 1))
                echo "setup: [$n] collecting $name"
                ;;
            "Installing collected packages: "*) echo "setup: unpacking $(packages $(($(tr -cd ',' <<<"$line" | wc -c) + 1)))" ;;
            "Successfully installed "*) echo "setup: installed $(packages $(($(wc -w <<<"$line") - 2)))" ;;
        esac
    done
}
# pip's whole output goes to the log
log=.venv/setup.log
: >"$log"
echo "setup: installing peacesim${extras} into .venv (a first install takes a minute or two; pip's log: $log)" >&2
# pip says nothing while it unpacks (most of the time): every 5 s, count the packages it has put in place
site=$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
marker=.venv/.setup-started
touch "$marker"
(
    while sleep 5 >/dev/null 2>&1; do  # (sleep holds no pipe of the caller open)
        total=$(sed -n 's/^Installing collected packages: //p' "$log" | tr ',' '\n' | grep -c . || true)
        [ "$total" -gt 0 ] || continue
        grep -q '^Successfully installed' "$log" && break
        echo "setup: unpacked $(find "$site" -maxdepth 1 -name '*.dist-info' -newer "$marker" | wc -l) of $total packages" >&2
    done
) &
watcher=$!
trap 'kill "$watcher" 2>/dev/null || true' EXIT
if ! PYTHONUNBUFFERED=1 "$py" -m pip install --disable-pip-version-check -e ".${extras}" 2>&1 | tee "$log" | steps >&2; then
    echo "setup: pip failed; the end of its log ($log):" >&2
    tail -n 25 "$log" >&2
    exit 1
fi
rm -f "$marker"
echo "setup: done: .venv/bin/peacesim is ready${extras:+ (with ${extras})}" >&2

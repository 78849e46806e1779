"""Rewrite README.md's sample output from a real run (tests/test_readme.py checks it stays true).

.venv/bin/python tools/refresh_readme_sample.py
"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PREFIXES = ("actor ", "UKR ", "RUS ")
TAIL = ("talks became", "talks never", "war cost", "territory held")


def main() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"```text\n\$ \.venv/bin/(peacesim .*?)\n", readme)
    assert match, "README.md has no sample run"
    command = match.group(1)
    out = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "peacesim"), *shlex.split(command)[1:]],
        capture_output=True, text=True, cwd=ROOT, check=True,
    ).stdout.splitlines()  # fmt: skip
    shown = out[:8] + ["..."] + [line for line in out if line.startswith(PREFIXES)] + ["..."]
    shown += [line for line in out if line.startswith(TAIL)]
    block = f"```text\n$ .venv/bin/{command}\n" + "\n".join(shown) + "\n```"
    readme = re.sub(r"```text\n\$ \.venv/bin/peacesim .*?```", lambda _: block, readme, count=1, flags=re.S)
    (ROOT / "README.md").write_text(readme, encoding="utf-8")
    print(block)


if __name__ == "__main__":
    main()

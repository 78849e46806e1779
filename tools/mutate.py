#!/usr/bin/env python3
"""Mutation testing: would the tests notice a wrong result?

    .venv/bin/python tools/mutate.py simulator/core/solutions.py              # every mutant, the module's tests
    .venv/bin/python tools/mutate.py simulator/core/solutions.py --sample 40  # 40 of them, drawn with --seed
    .venv/bin/python tools/mutate.py --all --sample 30                        # the maths modules of docs/mutation.md

One small change at a time is made to a copy of the module (a comparison negated, + and - or * and /
swapped, a unary minus dropped, min and max swapped, any and all, and and or, True and False); then the
module's tests run on the copy. A mutant is killed when a test fails (or runs ten times longer than the
unmutated tests); a mutant that survives is a wrong program the tests accept. ``--reports`` also runs
every shipped scenario (seeds 0 and 1) under each survivor and says whether its report changed: a
survivor that changes a shipped report is a gap the tests must close; one that changes nothing there
may be equivalent. Mutants judged equivalent are listed, with the reason, in tools/mutation-equivalent.txt
and left out of the score. The copies live in a temporary folder beside which ``shared`` points to this
repository's ``../shared``, so tests that read the research data run as they do here. See docs/mutation.md.
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures as cf
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EQUIVALENT = ROOT / "tools" / "mutation-equivalent.txt"
COPIED = ("simulator", "tests", "scenarios", "docs", "benchmarks", "tools", "pyproject.toml", "README.md")

# the modules the team holds to a mutation score (issue 17), and the tests that guard each
MODULE_TESTS: dict[str, tuple[str, ...]] = {
    "simulator/core/utility.py": ("tests/test_utility.py", "tests/test_rule_equivalence.py"),
    "simulator/core/solutions.py": ("tests/test_solutions.py",),
    "simulator/core/two_party.py": ("tests/test_two_party.py", "tests/test_solutions.py"),
    "simulator/core/unit_pie.py": ("tests/test_unit_pie.py",),
    "simulator/negotiation/agreement.py": ("tests/test_agreement.py", "tests/test_protocols.py"),
    "simulator/negotiation/rules/__init__.py": ("tests/test_rules.py", "tests/test_rule_contract.py"),
    "simulator/negotiation/rules/vectorised.py": ("tests/test_rule_equivalence.py", "tests/test_rule_contract.py"),
    "simulator/negotiation/rules/time_dependent.py": ("tests/test_rules.py", "tests/test_rule_contract.py"),
    "simulator/negotiation/rules/reciprocal.py": ("tests/test_rules.py", "tests/test_rule_contract.py"),
    "simulator/negotiation/rules/hardliner.py": ("tests/test_rules.py", "tests/test_rule_contract.py"),
    "simulator/negotiation/rules/ripeness_gated.py": ("tests/test_rules.py", "tests/test_rule_contract.py"),
    "simulator/negotiation/rules/zeuthen.py": ("tests/test_rules.py", "tests/test_rule_contract.py"),
    "simulator/negotiation/rules/deadlines.py": ("tests/test_deadlines.py", "tests/test_rules.py"),
    "simulator/war/ripeness.py": ("tests/test_ripeness.py", "tests/test_war.py", "tests/test_deadlines.py"),
    "simulator/classic/expected_utility.py": ("tests/test_classic.py",),
    "simulator/classic/spatial.py": ("tests/test_classic.py",),
    "simulator/classic/models.py": ("tests/test_classic.py",),
}

NEGATED = {ast.Lt: ast.GtE, ast.LtE: ast.Gt, ast.Gt: ast.LtE, ast.GtE: ast.Lt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}
SWAPPED_OPS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult}
SWAPPED_NAMES = {
    "min": "max", "max": "min", "minimum": "maximum", "maximum": "minimum", "argmin": "argmax", "argmax": "argmin",
    "amin": "amax", "amax": "amin", "any": "all", "all": "any", "floor": "ceil", "ceil": "floor",
}  # fmt: skip
SYMBOL = {
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.And: "and", ast.Or: "or",
}  # fmt: skip


@dataclass(frozen=True)
class Mutant:
    """One change: where (line, column, the n-th site of the module) and what (``before -> after``)."""

    site: int
    line: int
    col: int
    before: str
    after: str

    repeat: int = 1  # the n-th mutant with the same place and change (nested a + b + c)

    @property
    def key(self) -> str:
        tail = f"#{self.repeat}" if self.repeat > 1 else ""
        return f"{self.line}:{self.col}:{self.before}->{self.after}{tail}"


def sites(tree: ast.Module) -> list[tuple[ast.AST, str, str, object]]:
    """Every place a mutation applies, in source order: (node, before, after, how to apply)."""
    found: list[tuple[ast.AST, str, str, object]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for k, op in enumerate(node.ops):
                if type(op) in NEGATED:
                    found.append((node, SYMBOL[type(op)], SYMBOL[NEGATED[type(op)]], ("compare", k)))
        elif isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) in SWAPPED_OPS:
            found.append((node, SYMBOL[type(node.op)], SYMBOL[SWAPPED_OPS[type(node.op)]], ("binop",)))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            found.append((node, "-x", "x", ("unary",)))
        elif isinstance(node, ast.BoolOp):
            after = "or" if isinstance(node.op, ast.And) else "and"
            found.append((node, SYMBOL[type(node.op)], after, ("boolop",)))
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
            found.append((node, str(node.value), str(not node.value), ("bool",)))
        elif isinstance(node, ast.Name) and node.id in SWAPPED_NAMES:
            found.append((node, node.id, SWAPPED_NAMES[node.id], ("name",)))
        elif isinstance(node, ast.Attribute) and node.attr in SWAPPED_NAMES:
            found.append((node, node.attr, SWAPPED_NAMES[node.attr], ("attr",)))
    found.sort(key=lambda s: (s[0].lineno, s[0].col_offset, s[1]))  # type: ignore[attr-defined]
    return found


def skipped_lines(source: str) -> set[int]:
    """Lines not worth mutating: type-only imports and anything marked ``# pragma: no mutate``."""
    return {n for n, line in enumerate(source.splitlines(), 1) if "pragma: no mutate" in line}


def mutants_of(source: str) -> list[Mutant]:
    tree = ast.parse(source)
    skip = skipped_lines(source)
    found: list[Mutant] = []
    seen: dict[tuple, int] = {}
    for k, (node, before, after, _) in enumerate(sites(tree)):
        place = (node.lineno, node.col_offset, before, after)  # type: ignore[attr-defined]
        seen[place] = seen.get(place, 0) + 1
        if place[0] not in skip:
            found.append(Mutant(k, place[0], place[1], before, after, seen[place]))
    return found


def mutated_source(source: str, mutant: Mutant) -> str:
    """The module's source with ``mutant`` applied (re-written from the syntax tree)."""
    tree = ast.parse(source)
    node, _, _, how = sites(tree)[mutant.site]
    kind = how[0]  # type: ignore[index]
    if kind == "compare":
        k = how[1]  # type: ignore[index]
        node.ops[k] = NEGATED[type(node.ops[k])]()  # type: ignore[attr-defined]
    elif kind == "binop":
        node.op = SWAPPED_OPS[type(node.op)]()  # type: ignore[attr-defined]
    elif kind == "boolop":
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()  # type: ignore[attr-defined]
    elif kind == "bool":
        node.value = not node.value  # type: ignore[attr-defined]
    elif kind == "name":
        node.id = SWAPPED_NAMES[node.id]  # type: ignore[attr-defined]
    elif kind == "attr":
        node.attr = SWAPPED_NAMES[node.attr]  # type: ignore[attr-defined]
    elif kind == "unary":
        node.op = ast.UAdd()  # type: ignore[attr-defined]
    return ast.unparse(tree)


def equivalent_keys(module: str) -> dict[str, str]:
    """Mutants judged equivalent (``MODULE LINE:COL:BEFORE->AFTER  reason``), by key."""
    if not EQUIVALENT.exists():
        return {}
    keys = {}
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            path, key, *reason = line.split(maxsplit=2)
            if path == module:
                keys[key] = reason[0] if reason else ""
    return keys


def make_copy(repo: Path, into: Path) -> Path:
    """A copy of the repository at ``into/repo`` with ``into/shared`` pointing to the real ``../shared``."""
    target = into / "repo"
    for name in COPIED:
        source = repo / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", ".hypothesis"))
        elif source.exists():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    shared = (repo / ".." / "shared").resolve()
    if shared.exists():
        (into / "shared").symlink_to(shared)
    return target


def run_tests(copy_root: Path, python: str, tests: list[str], timeout: float) -> tuple[bool, float]:
    """Whether the tests pass on the copy, and how long they took (a timeout counts as a failure)."""
    env = {**os.environ, "PYTHONPATH": str(copy_root), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [python, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-o", "addopts=", *tests]
    start = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=copy_root, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, timeout
    return done.returncode == 0, time.perf_counter() - start


REPORT_SCRIPT = """
import hashlib, json, sys, warnings
from pathlib import Path
warnings.simplefilter("ignore")
from simulator import load_scenario, run_conference
from simulator.report.json import to_json
out = {}
for path in sorted(Path("scenarios").glob("*.yaml")):
    scenario = load_scenario(path)
    for seed in (0, 1):
        try:
            text = to_json(run_conference(scenario, seed=seed).report)
        except Exception as exc:  # a mutant may crash a run: that changes the report too
            text = repr(exc)
        out[f"{path.name}:{seed}"] = hashlib.sha256(text.encode()).hexdigest()
print(json.dumps(out))
"""


def report_hashes(copy_root: Path, python: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(copy_root), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([python, "-c", REPORT_SCRIPT], cwd=copy_root, env=env, capture_output=True, text=True)
    return json.loads(done.stdout) if done.returncode == 0 else {"crash": done.stderr[-200:]}


@dataclass
class Worker:
    """One copy of the repository, in which one mutant at a time is applied and tested."""

    root: Path
    module: str
    original: str
    python: str
    tests: list[str]
    timeout: float

    def killed(self, mutant: Mutant) -> bool:
        path = self.root / self.module
        path.write_text(mutated_source(self.original, mutant), encoding="utf-8")
        try:
            passed, _ = run_tests(self.root, self.python, self.tests, self.timeout)
        finally:
            path.write_text(self.original, encoding="utf-8")
        return not passed

    def changes_reports(self, mutant: Mutant, baseline: dict[str, str]) -> list[str]:
        path = self.root / self.module
        path.write_text(mutated_source(self.original, mutant), encoding="utf-8")
        try:
            hashes = report_hashes(self.root, self.python)
        finally:
            path.write_text(self.original, encoding="utf-8")
        return sorted(k for k in baseline if hashes.get(k) != baseline[k])


def mutate_module(module: str, args: argparse.Namespace, python: str) -> dict:
    repo = Path(args.repo).resolve()
    original = (repo / module).read_text(encoding="utf-8")
    tests = args.tests or list(MODULE_TESTS.get(module, ("tests",)))
    tests = [t for t in tests if (repo / t).exists()]
    if not tests:
        sys.exit(f"mutate: none of the test files for {module} exist here; name them with --tests")
    every = mutants_of(original)
    excluded = equivalent_keys(module)
    chosen = [m for m in every if m.key not in excluded]
    if args.only:
        chosen = [m for m in chosen if m.key in args.only]
    if args.sample and args.sample < len(chosen):
        chosen = sorted(random.Random(args.seed).sample(chosen, args.sample), key=lambda m: m.site)
    with tempfile.TemporaryDirectory(prefix="mutate-") as tmp:
        roots = [make_copy(repo, Path(tmp) / f"w{k}") for k in range(args.workers)]
        passed, base_time = run_tests(roots[0], python, tests, timeout=900)
        if not passed:
            sys.exit(f"mutate: the tests fail on the unmutated {module} ({' '.join(tests)}): fix them first")
        workers = [Worker(r, module, original, python, tests, max(10 * base_time, 30.0)) for r in roots]
        print(f"{module}: {len(chosen)} of {len(every)} mutants ({len(excluded)} listed as equivalent), "
              f"tests {' '.join(tests)} ({base_time:.1f} s)", file=sys.stderr)  # fmt: skip
        survivors = run_all(workers, chosen)
        baseline = report_hashes(roots[0], python) if args.reports and survivors else {}
        changed = {m.key: workers[0].changes_reports(m, baseline) for m in survivors} if baseline else {}
    killed = len(chosen) - len(survivors)
    lines = original.splitlines()
    return {
        "module": module,
        "mutants": len(chosen),
        "killed": killed,
        "score": killed / len(chosen) if chosen else 1.0,
        "equivalent_listed": len(excluded),
        "survivors": [
            {"key": m.key, "code": lines[m.line - 1].strip(), "changes_reports": changed.get(m.key)} for m in survivors
        ],
    }


def run_all(workers: list[Worker], mutants: list[Mutant]) -> list[Mutant]:
    """The surviving mutants; each worker tests one mutant at a time in its own copy."""
    free = list(workers)
    survivors = []
    with cf.ThreadPoolExecutor(len(workers)) as pool:
        pending: dict[cf.Future, tuple[Worker, Mutant]] = {}
        queue = list(mutants)
        done = 0
        while queue or pending:
            while queue and free:
                worker, mutant = free.pop(), queue.pop(0)
                pending[pool.submit(worker.killed, mutant)] = (worker, mutant)
            finished, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in finished:
                worker, mutant = pending.pop(future)
                free.append(worker)
                done += 1
                if not future.result():
                    survivors.append(mutant)
                print(f"\r  {done}/{len(mutants)} tested, {len(survivors)} survived", end="", file=sys.stderr)
        print(file=sys.stderr)
    return sorted(survivors, key=lambda m: m.site)


def render(result: dict) -> str:
    out = [f"{result['module']}: {result['killed']} of {result['mutants']} mutants killed ({result['score']:.0%})"]
    for s in result["survivors"]:
        note = ""
        if s["changes_reports"] is not None:
            note = (
                f"  [changes {len(s['changes_reports'])} shipped reports]"
                if s["changes_reports"]
                else "  [no shipped report changes]"
            )
        out.append(f"  survived {s['key']}  {s['code'][:90]}{note}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="module files, e.g. simulator/core/solutions.py")
    parser.add_argument("--all", action="store_true", help="every module in MODULE_TESTS")
    parser.add_argument("--tests", nargs="+", help="test files to run (default: the module's, from MODULE_TESTS)")
    parser.add_argument("--sample", type=int, help="test only N mutants per module, drawn with --seed")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    parser.add_argument("--workers", type=int, default=2, help="copies tested at once (default 2)")
    parser.add_argument("--reports", action="store_true", help="say whether each survivor changes a shipped report")
    parser.add_argument("--repo", default=str(ROOT), help="the repository to test (default: this one)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("--only", nargs="+", metavar="KEY", help="test only these mutants (keys as --list prints)")
    args = parser.parse_args(argv)
    modules = list(MODULE_TESTS) if args.all else args.modules
    if not modules:
        parser.error("name a module, or --all")
    if args.list:
        for module in modules:
            for m in mutants_of((Path(args.repo) / module).read_text(encoding="utf-8")):
                print(f"{module} {m.key}")
        return 0
    python = sys.executable
    results = [mutate_module(module, args, python) for module in modules]
    for result in results:
        print(render(result))
    if len(results) > 1:
        killed, total = sum(r["killed"] for r in results), sum(r["mutants"] for r in results)
        print(f"all: {killed} of {total} mutants killed ({killed / total:.0%})" if total else "all: no mutants")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

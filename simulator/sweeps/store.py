"""A sweep's results on disk: a manifest and a folder of Parquet parts, written whole or not at all.

Each finished chunk of runs is one zstd Parquet file, written under a temporary name, flushed
and then renamed into place: a killed sweep (even ``kill -9``) leaves only whole parts, and
running the sweep again skips every run already in one. Many small parts are merged into larger
ones as the sweep goes (``compact``), so that a sweep of a million runs stays quick to list,
read and resume.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

import numpy as np

from simulator.sweeps.spec import SweepError, SweepSpec

MANIFEST = "sweep.json"
PARTS = "parts"
# Every finished chunk is a file of a few dozen rows: a sweep of a million runs would leave tens
# of thousands, slow to list, read and resume. Once COMPACT_PARTS small parts (fewer than
# SMALL_PART_ROWS rows) are on disk they are merged into parts of up to MERGED_PART_ROWS rows.
COMPACT_PARTS = 1000
SMALL_PART_ROWS = 10_000
MERGED_PART_ROWS = 100_000


def part_files(out: Path) -> list[Path]:
    """The whole part files of a sweep, in name order (temporary files are not parts)."""
    return sorted((out / PARTS).glob("part-*.parquet"))


def write_part(out: Path, rows: list[dict[str, Any]]) -> Path:
    """Write one chunk's rows as a Parquet file, atomically (temporary name, then rename)."""
    import pyarrow as pa

    columns = list(dict.fromkeys(key for row in rows for key in row))  # every row's keys, in order
    table = pa.Table.from_pylist([{key: row.get(key) for key in columns} for row in rows])
    return write_table(out, table, rows[0]["run_id"], rows[-1]["run_id"])


def write_table(out: Path, table: Any, first: int, last: int) -> Path:
    """Write a table of rows as a part file, atomically: under a temporary name, flushed to disk,
    then renamed into place, so that a part is on disk whole or not at all."""
    import pyarrow.parquet as pq

    parts = out / PARTS
    parts.mkdir(parents=True, exist_ok=True)
    final = parts / f"part-{first:09d}-{last:09d}-{uuid.uuid4().hex[:8]}.parquet"
    tmp = parts / f".tmp-{final.name}"
    pq.write_table(table, tmp, compression="zstd")
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, final)
    return final


class PartWriter:
    """Writes a sweep's chunks as they finish, merging the small parts every ``COMPACT_PARTS``."""

    def __init__(self, out: Path):
        self.out = out
        self.written = 0

    def write(self, rows: list[dict[str, Any]]) -> None:
        write_part(self.out, rows)
        self.written += 1
        if self.written % COMPACT_PARTS == 0:
            compact(self.out)


def compact(out: Path, at_least: int | None = None) -> int:
    """Merge the small part files into parts of up to ``MERGED_PART_ROWS`` rows, if there are at
    least ``at_least`` (default ``COMPACT_PARTS``) of them; returns how many were merged. Each
    merged part is written as any part is, and only then are the parts it holds deleted: a kill in
    between leaves some rows in two files, which ``finished_runs`` and ``load_results`` count once
    and the next compaction removes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sizes = {p: pq.read_metadata(p).num_rows for p in part_files(out)}
    small = [p for p, n in sizes.items() if n < SMALL_PART_ROWS]
    if len(small) < max(COMPACT_PARTS if at_least is None else at_least, 2):
        return 0
    merged = 0
    batch: list[Path] = []
    rows = 0
    for k, part in enumerate(small):
        batch.append(part)
        rows += sizes[part]
        if rows >= MERGED_PART_ROWS or k == len(small) - 1:
            table = pa.concat_tables([pq.read_table(p) for p in batch], promote_options="default")
            ids = table.column("run_id").to_numpy()
            _, first_seen = np.unique(ids, return_index=True)  # a row written twice is kept once
            table = table.take(np.sort(first_seen))
            write_table(out, table, int(ids.min()), int(ids.max()))
            for p in batch:
                p.unlink()
            merged += len(batch)
            batch, rows = [], 0
    return merged


def finished_runs(out: Path) -> set[int]:
    """Run ids already written, from whole part files (temporary files left by a kill are deleted)."""
    import pyarrow.dataset as ds

    parts = out / PARTS
    if not parts.is_dir():
        return set()
    for tmp in parts.glob(".tmp-*"):
        tmp.unlink(missing_ok=True)
    files = [str(p) for p in part_files(out)]
    if not files:
        return set()
    return set(ds.dataset(files, format="parquet").to_table(columns=["run_id"]).column("run_id").to_pylist())


def load_results(out: str | Path) -> Any:
    """All finished runs of a sweep as a pandas DataFrame, ordered by run id."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    parts = part_files(Path(out))
    if not parts:
        raise SweepError(f"{out}: no finished runs")
    # part by part, not as one dataset: a column's type may differ between parts (whole numbers
    # in one, fractions in another, nothing but nulls in a third), and pandas joins them. A column
    # that is nothing but nulls in a part is left out of that part where another part gives it a
    # type, so that it keeps that type (a float column stays float however the runs fell into parts)
    tables = [pq.read_table(p) for p in parts]
    typed = {f.name for t in tables for f in t.schema if not pa.types.is_null(f.type)}
    columns = list(dict.fromkeys(name for t in tables for name in t.schema.names))
    frames = [
        t.drop_columns([f.name for f in t.schema if pa.types.is_null(f.type) and f.name in typed]) for t in tables
    ]
    frame = pd.concat([t.to_pandas() for t in frames], ignore_index=True)[columns]
    frame = frame.sort_values("run_id", kind="stable").drop_duplicates("run_id")  # (see ``compact``)
    return frame.reset_index(drop=True)


def record_manifest(out: Path, spec: SweepSpec) -> None:
    """Record the spec in ``out/sweep.json``; a directory holding a different sweep is refused."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / MANIFEST
    wanted = spec.to_json()
    if path.exists():
        held = json.loads(path.read_text(encoding="utf-8"))
        same_file = os.path.realpath(held.get("scenario", "")) == os.path.realpath(wanted["scenario"])
        if not same_file or {**held, "scenario": ""} != {**wanted, "scenario": ""}:
            raise SweepError(f"{out} holds a different sweep ({path}); use another --out or delete it")
        return
    tmp = out / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(wanted, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)

"""Generate the bench dataset once: ``python -m bench.generate`` (``make bench`` runs it).

Each domain's seed and sizes are recorded in the bench-only table ``bench_dataset`` when it is done. A domain
whose record matches is skipped; one that is missing or differs is emptied and made again, and so is every
domain after it (they may stand on it). Afterwards the tables are analysed.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from bench.environment import Scale, setup

MARKER_TABLE = "bench_dataset"


@dataclass(frozen=True)
class Generated:
    domain: str
    seed: int
    sizes: dict[str, int]
    counts: dict[str, int]
    seconds: float
    generated_at: str


def _ensure_marker_table() -> None:
    from bench.pgcopy import execute

    execute(
        f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (domain text PRIMARY KEY, seed integer NOT NULL, "
        "sizes jsonb NOT NULL, counts jsonb NOT NULL, seconds double precision NOT NULL, "
        "generated_at timestamptz NOT NULL DEFAULT now())"
    )


def recorded() -> dict[str, Generated]:
    """What ``bench_dataset`` says was generated, by domain."""
    from bench.pgcopy import fetch

    _ensure_marker_table()
    rows = fetch(f"SELECT domain, seed, sizes, counts, seconds, generated_at FROM {MARKER_TABLE}")  # noqa: S608
    return {
        row[0]: Generated(row[0], row[1], _json(row[2]), _json(row[3]), row[4], row[5].isoformat(timespec="seconds"))
        for row in rows
    }


def _json(value: object) -> dict[str, int]:
    return json.loads(value) if isinstance(value, str) else dict(value)  # type: ignore[call-overload]


def _record(domain: str, seed: int, sizes: dict[str, int], counts: dict[str, int], seconds: float) -> None:
    from bench.pgcopy import execute

    execute(
        f"INSERT INTO {MARKER_TABLE} (domain, seed, sizes, counts, seconds) VALUES (%s, %s, %s, %s, %s) "  # noqa: S608
        "ON CONFLICT (domain) DO UPDATE SET seed = EXCLUDED.seed, sizes = EXCLUDED.sizes, "
        "counts = EXCLUDED.counts, seconds = EXCLUDED.seconds, generated_at = now()",
        [domain, seed, json.dumps(sizes), json.dumps(counts), seconds],
    )


def generate(scale: Scale) -> None:
    from bench.domains import all_domains
    from bench.pgcopy import execute, restore_deferred

    restore_deferred()  # indexes and constraints a run that died half-way left off
    done = recorded()
    stale = False
    for domain in all_domains():
        sizes = domain.sizes(scale)
        previous = done.get(domain.name)
        stale = stale or previous is None or previous.seed != scale.seed or previous.sizes != sizes
        if not stale:
            print(f"{domain.name}: generated already ({_sizes_text(sizes)}), skipped.", flush=True)
            continue
        print(f"{domain.name}: generating {_sizes_text(sizes)}, seed {scale.seed}…", flush=True)
        execute(f"DELETE FROM {MARKER_TABLE} WHERE domain = %s", [domain.name])  # noqa: S608
        started = time.perf_counter()
        domain.clear()
        counts = domain.generate(scale, sizes)
        seconds = time.perf_counter() - started
        _record(domain.name, scale.seed, sizes, counts, seconds)
        print(f"{domain.name}: {_sizes_text(counts)} rows in {seconds:.0f} s.", flush=True)


def _sizes_text(sizes: dict[str, int]) -> str:
    return ", ".join(f"{value:,} {name}" for name, value in sizes.items())


def main() -> None:
    setup()
    scale = Scale.from_environment()
    print(f"Bench dataset: {scale.describe()}", flush=True)
    generate(scale)


if __name__ == "__main__":
    main()

"""Time what people wait for on the bench dataset, and write ``bench/results.md``: ``python -m bench.measure``.

Server time is the time Django takes to produce the response, measured in-process with ``django.test.Client``
(no network, no browser), DEBUG off and static files from the manifest as in production; jobs run
in-process (no ``REDIS_URL``), so the cache is the local-memory one. ``BENCH_REQUESTS`` (default 200) timed
requests per measurement, ``BENCH_BASELINE_ROUNDS`` (default 3) runs of each case's baseline.
``BENCH_SUITES`` (a comma list: ``participation,partnerships,pages``; default all) measures only those, e.g.
``BENCH_SUITES=pages`` without the participation suite's rollup rebuild; the report names the suites run.
``BENCH_RESULTS`` writes the report elsewhere (a trial run). The raw samples go to ``bench/results/latest.json``
(not committed).
"""

from __future__ import annotations

import datetime
import json
import math
import os
import platform
import time
from collections.abc import Sequence
from pathlib import Path

from bench.environment import REPO_DIR, Scale, setup
from bench.timing import Check, Result, Step, Suite, run

RESULTS = Path(os.environ.get("BENCH_RESULTS") or REPO_DIR / "bench" / "results.md")  # elsewhere for a trial run
RAW_RESULTS = REPO_DIR / "bench" / "results" / "latest.json"
TABLES = [
    "core_organisation", "core_person", "core_affiliation", "core_group", "meetings_meeting",
    "meetings_registration", "meetings_attendance", "stats_participationrollup", "partnerships_partner",
    "partnerships_agreement", "partnerships_agreement_partners", "partnerships_partnersearchterm",
    "partnerships_partneragreementfact", "partnerships_partnertrackrecord", "core_user", "standards_recommendation",
    "qa_question", "qa_answer", "qa_followup", "qa_vote", "qa_flag", "qa_questionsearchterm",
    "opportunities_opportunity", "search_entry", "search_term",
]  # fmt: skip


def suites(chosen: str | None = None) -> list[Suite]:
    """The areas measured, in order: those named in ``chosen`` (or ``BENCH_SUITES``), a comma list; all by default.

    Imported here: they need Django set up.
    """
    from bench import pages, participation, partnerships

    every = [participation.suite(), partnerships.suite(), pages.suite()]
    text = os.environ.get("BENCH_SUITES", "") if chosen is None else chosen
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        return every
    unknown = sorted(set(names) - {suite.name for suite in every})
    if unknown:
        known = ", ".join(suite.name for suite in every)
        raise SystemExit(f"BENCH_SUITES: no suite {', '.join(unknown)} (there are: {known}).")
    return [suite for suite in every if suite.name in names]


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    from django import get_version

    from bench.pgcopy import fetch

    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    models = [line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")]
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    kilobytes = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0)
    settings = dict(fetch("SELECT name, current_setting(name) FROM pg_settings WHERE name = ANY(%s)", [_PG_SETTINGS]))
    tuning = ", ".join(f"{name} {settings[name]}" for name in _PG_SETTINGS if name in settings)
    return {
        "CPU": f"{models[0] if models else platform.processor() or 'unknown'}, {os.cpu_count()} CPUs",
        "RAM": f"{kilobytes / 1024**2:.0f} GiB" if kilobytes else "unknown",
        "PostgreSQL": f"{fetch('SHOW server_version')[0][0]} ({tuning})",
        "Python": platform.python_version(),
        "Django": get_version(),
        "OS": platform.platform(),
        "Load average (1, 5, 15 min) when measuring began": _load(),
    }


def _load() -> str:
    """Other work on the machine slows the timings: say how busy it was."""
    path = Path("/proc/loadavg")
    return " ".join(path.read_text().split()[:3]) if path.exists() else "unknown"


_PG_SETTINGS = ["shared_buffers", "work_mem", "effective_cache_size", "max_parallel_workers_per_gather"]


def dataset() -> tuple[dict[str, int], str, bool]:
    """Row counts of the main tables, how the data was generated, and whether it is the full size."""
    from django.db import connection

    from bench.domains import all_domains
    from bench.generate import recorded
    from bench.pgcopy import fetch

    existing = set(connection.introspection.table_names())
    counts = {table: fetch(f"SELECT count(*) FROM {table}")[0][0] for table in TABLES if table in existing}  # noqa: S608
    done = recorded()
    full = True
    for domain in all_domains():
        made = done.get(domain.name)
        full_sizes = domain.sizes(Scale())  # the default scale is the full size
        full = full and made is not None and all(made.sizes.get(k, 0) >= v for k, v in full_sizes.items())
    how = "; ".join(
        f"{item.domain}: seed {item.seed}, {', '.join(f'{k} {v:,}' for k, v in item.sizes.items())}, "
        f"{item.seconds:.0f} s on {item.generated_at[:16]}"
        for item in done.values()
    )
    return counts, how or "not generated", full


def _ms(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:,.1f}"


def _ratio(value: float) -> str:
    """Times faster than the baseline; below 10 with two digits (a page is slower than its bare SQL: 0.12x)."""
    if math.isnan(value):
        return "—"
    return f"{value:,.0f}x" if value >= 10 else f"{value:.2g}x"


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:,.0f} ms" if value < 10 else f"{value:,.1f} s"


def report(
    *,
    results: list[Result],
    steps: list[Step],
    checks: list[Check],
    info: dict[str, str],
    runs: tuple[int, int],
    ran: Sequence[str] = (),
) -> str:
    counts, how, full = dataset()
    now = datetime.datetime.now(datetime.UTC)
    size = (
        "Full size."
        if full
        else "**Reduced scale: not the reference size. Do not commit this file as the bench's result.**"
    )
    every = [suite.name for suite in suites("")]
    if ran and list(ran) != every:
        size += f" **Only the suites {', '.join(ran)}** (`BENCH_SUITES`; all: {', '.join(every)})."
    else:
        size += f" Suites: {', '.join(ran or every)}."
    lines = [
        "# Bench results",
        "",
        f"{size} Written by `make bench` on {now:%Y-%m-%d %H:%M} UTC.",
        "",
        *(f"- {name}: {value}" for name, value in info.items()),
        "",
        "## Dataset",
        "",
        "| table | rows |",
        "| --- | ---: |",
        *(f"| {table} | {count:,} |" for table, count in counts.items()),
        "",
        f"Generated: {how}.",
        "",
        "## Server time",
        "",
        f"In-process (`django.test.Client`, no network, DEBUG off): {runs[0]} requests per measurement, the "
        f"cases below in turn, after two warm-up rounds. Baseline: what the same answer costs without our work "
        f"(aggregates: the hand-written SQL over the raw rows; search: a plain `icontains` ORM search; pages: the "
        f"raw SQL fetching the rows the page shows, so the ratio is below 1 and says what rendering costs; see "
        f"each suite's docstring), each case {runs[1]} time(s). Ratio: baseline p95 / our p95.",
        "",
        "| measurement | requests | median ms | p95 ms | target | baseline p95 ms | ratio | met? | queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for result in results:
        target = result.measurement.target_ms
        met = {True: "yes", False: "**no**", None: "—"}[result.met]
        lines.append(
            f"| {result.measurement.name} | {result.ours.count} | {_ms(result.ours.median)} | "
            f"{_ms(result.ours.p95)} | {'—' if target is None else f'≤ {target:g}'} | {_ms(result.baseline.p95)} | "
            f"{_ratio(result.ratio)} | {met} | {result.queries} |"
        )
    lines += ["", "| step | time | detail |", "| --- | ---: | --- |"]
    lines += [f"| {step.name} | {_seconds(step.seconds)} | {step.detail} |" for step in steps]
    lines += ["", "| check | result | detail |", "| --- | --- | --- |"]
    lines += [f"| {check.name} | {'ok' if check.ok else '**wrong**'} | {check.detail} |" for check in checks]
    for result in results:
        lines += [
            "",
            f"### {result.measurement.name}, by case",
            "",
            "| case | requests | median ms | p95 ms | baseline median ms | baseline p95 ms |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for label, (ours, base) in result.by_case.items():
            lines.append(
                f"| {label} | {ours.count} | {_ms(ours.median)} | {_ms(ours.p95)} | {_ms(base.median)} | "
                f"{_ms(base.p95)} |"
            )
    return "\n".join(lines) + "\n"


def _raw(results: list[Result], steps: list[Step], checks: list[Check]) -> dict[str, object]:
    return {
        "results": [
            {
                "name": result.measurement.name,
                "target_ms": result.measurement.target_ms,
                "cases": {
                    label: {"ours_ms": ours.samples_ms, "baseline_ms": base.samples_ms}
                    for label, (ours, base) in result.by_case.items()
                },
            }
            for result in results
        ],
        "steps": [step.__dict__ for step in steps],
        "checks": [check.__dict__ for check in checks],
    }


def main() -> None:
    setup()
    from django.test import Client

    requests, rounds = _env_int("BENCH_REQUESTS", 200), _env_int("BENCH_BASELINE_ROUNDS", 3)
    client = Client()
    info = machine()
    results: list[Result] = []
    steps: list[Step] = []
    checks: list[Check] = []
    started = time.perf_counter()
    chosen = suites()
    for suite in chosen:
        print(f"{suite.name}: preparing…", flush=True)
        steps += suite.prepare()
        checks += suite.checks(client)
        for measurement in suite.measurements(client):
            print(f"{suite.name}: timing {measurement.name}…", flush=True)
            results.append(run(measurement, requests=requests, baseline_rounds=rounds))
        print(f"{suite.name}: last steps…", flush=True)
        more_steps, more_checks = suite.afterwards(client)
        steps += more_steps
        checks += more_checks
    steps.append(Step("measuring, all of the above", time.perf_counter() - started))
    text = report(
        results=results,
        steps=steps,
        checks=checks,
        info=info,
        runs=(requests, rounds),
        ran=[suite.name for suite in chosen],
    )
    RESULTS.write_text(text, encoding="utf-8")
    RAW_RESULTS.parent.mkdir(exist_ok=True)
    RAW_RESULTS.write_text(json.dumps(_raw(results, steps, checks), indent=1), encoding="utf-8")
    print(f"Written {RESULTS}.", flush=True)


if __name__ == "__main__":
    main()

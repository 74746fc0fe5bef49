"""Named measurements, each case beside its baseline, and how they are timed.

A *measurement* is something a person waits for (a page, an API call), made of *cases* (its filters or
inputs) taken in turn; each case has our way (through Django) and a *baseline* (what it would cost without
our work, e.g. the raw SQL over the raw rows). A *step* is timed once (a rebuild, an import); a *check* says
whether our answers are right. A *suite* groups those of one area; ``bench.measure`` runs every suite.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class Case:
    label: str
    ours: Callable[[], object]
    baseline: Callable[[], object] | None = None


@dataclass(frozen=True)
class Measurement:
    name: str
    cases: Sequence[Case]
    target_ms: float | None = None


@dataclass(frozen=True)
class Step:
    name: str
    seconds: float | None  # None: could not run (see detail)
    detail: str = ""


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True)
class Suite:
    """One area's measurements: ``prepare`` before (e.g. build rollups), ``afterwards`` last (e.g. writes)."""

    name: str
    prepare: Callable[[], list[Step]]
    measurements: Callable[[Client], list[Measurement]]
    checks: Callable[[Client], list[Check]]
    afterwards: Callable[[Client], tuple[list[Step], list[Check]]]


@dataclass(frozen=True)
class Timings:
    samples_ms: list[float] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.samples_ms)

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms) if self.samples_ms else math.nan

    @property
    def p95(self) -> float:
        """The nearest-rank 95th percentile: 95% of the samples took at most this long."""
        if not self.samples_ms:
            return math.nan
        ordered = sorted(self.samples_ms)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]


@dataclass(frozen=True)
class Result:
    measurement: Measurement
    ours: Timings
    baseline: Timings
    by_case: dict[str, tuple[Timings, Timings]]
    queries: int

    @property
    def ratio(self) -> float:
        """How many times faster than the baseline, at the 95th percentile."""
        return self.baseline.p95 / self.ours.p95 if self.baseline.count and self.ours.p95 else math.nan

    @property
    def met(self) -> bool | None:
        target = self.measurement.target_ms
        return None if target is None else self.ours.p95 <= target


def _time_ms(action: Callable[[], object]) -> float:
    started = time.perf_counter_ns()
    action()
    return (time.perf_counter_ns() - started) / 1e6


def run(measurement: Measurement, *, requests: int, baseline_rounds: int, warmup_rounds: int = 2) -> Result:
    """Warm up, then ``requests`` timed runs taking the cases in turn, then the baseline of every case
    ``baseline_rounds`` times."""
    cases = measurement.cases
    for _round in range(warmup_rounds):
        for case in cases:
            case.ours()
    queries = 0
    for case in cases:
        with CaptureQueriesContext(connection) as captured:
            case.ours()
        queries = max(queries, len(captured.captured_queries))
    ours: dict[str, list[float]] = {case.label: [] for case in cases}
    for index in range(requests):
        case = cases[index % len(cases)]
        ours[case.label].append(_time_ms(case.ours))
    base: dict[str, list[float]] = {case.label: [] for case in cases}
    baselines = [(case.label, case.baseline) for case in cases if case.baseline is not None]
    for _label, baseline in baselines[:1]:  # the first run reads the tables into the cache: not counted
        baseline()
    for _round in range(baseline_rounds):
        for label, baseline in baselines:
            base[label].append(_time_ms(baseline))
    return Result(
        measurement=measurement,
        ours=Timings([sample for samples in ours.values() for sample in samples]),
        baseline=Timings([sample for samples in base.values() for sample in samples]),
        by_case={case.label: (Timings(ours[case.label]), Timings(base[case.label])) for case in cases},
        queries=queries,
    )

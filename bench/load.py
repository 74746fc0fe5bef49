"""Throughput under load and worker memory: ``python -m bench.load`` (``make load``; ``make bench`` after measuring).

Against the bench database, DEBUG off, the cache in Redis (``BENCH_REDIS_URL``, default database 13, emptied
before and after), it starts gunicorn as production does (``gunicorn ponte.wsgi -w 2``, settings
``bench.load_settings``: the site plus a bare view) on a free port and puts locust's load on it (100 users, 20
more a second, ``bench/locustfile.py``), one scenario after the other:

1. ``bare view``: ``HttpResponse("ok")`` through every middleware, the baseline;
2. ``public pages``: the main public pages, anonymous, URLs taken from the database; target: at least half the
   bare view's requests per second;
3. ``mixed traffic``: the public pages with signed-in members (who follow, unfollow and vote) and an API token
   user; ``LOAD_MINUTES`` long (default: as the others, ``LOAD_SECONDS``, 60).

Meanwhile the resident memory of the gunicorn master and of each worker is read every second from ``/proc``
(target: a worker ≤ 250 MB). The section "Load" of ``bench/results.md`` is written (replaced if there); the
command fails when any request failed (a 5xx, a refused connection, an unexpected 4xx) and lists them. Before
the load it adds what the generator does not make, idempotently: the demo's accounts (``load_demo``), 20 bench
accounts (password ``DEMO_PASSWORD``), a fresh API token, and the participation rollups if there are none yet.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import json
import math
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.environment import REPO_DIR, setup

RESULTS = Path(os.environ.get("BENCH_RESULTS") or REPO_DIR / "bench" / "results.md")  # as bench.measure
OUTPUT_DIR = REPO_DIR / "bench" / "results" / "load"
VENV_BIN = Path(sys.executable).parent
USERS, SPAWN_RATE, WORKERS = 100, 20, 2
RSS_TARGET_MB, RATIO_TARGET = 250.0, 0.5
ACCOUNTS = 20  # signed-in users share them; allauth lets one address sign in 30 times a minute
TOKEN_NAME = "bench load"  # noqa: S105 - a label, not a secret
TOKEN_SCOPES = ["core:read", "meetings:read", "my:read", "my:write", "qa:read", "standards:read"]
SECTION = "## Load"
SHOWN_TABLES = {
    "core_organisation", "meetings_meeting", "meetings_attendance", "qa_question", "standards_recommendation",
}  # fmt: skip


@dataclass(frozen=True)
class Scenario:
    name: str
    users: tuple[str, ...]  # locust user classes of bench/locustfile.py
    seconds: int
    against_bare: bool = False  # held to the throughput target


@dataclass
class Memory:
    """Resident memory (MB) of one process, sampled every second, and the CPU time it used meanwhile."""

    role: str
    peak: float = 0.0
    last: float = 0.0
    cpu_first: float | None = None  # its CPU time (s) at the first sample
    cpu_last: float = 0.0

    @property
    def cpu_seconds(self) -> float:
        return self.cpu_last - (self.cpu_first or 0.0)


@dataclass
class Outcome:
    scenario: Scenario
    requests: int
    failures: int
    rps: float
    median_ms: float
    p95_ms: float
    errors: list[str] = field(default_factory=list)
    memory: list[Memory] = field(default_factory=list)

    @property
    def worker_peak(self) -> float:
        return max((m.peak for m in self.memory if m.role == "worker"), default=0.0)

    @property
    def cpu_ms_per_request(self) -> float:
        """The workers' CPU time per request: what a request costs whatever else the machine is doing."""
        cpu = sum(m.cpu_seconds for m in self.memory if m.role == "worker")
        return cpu * 1000 / self.requests if self.requests else math.nan


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def scenarios() -> list[Scenario]:
    seconds = _env_int("LOAD_SECONDS", 60)
    mixed = _env_int("LOAD_MINUTES", 0) * 60 or seconds
    return [
        Scenario("bare view", ("BareUser",), seconds),
        Scenario("public pages", ("VisitorUser",), seconds, against_bare=True),
        Scenario("mixed traffic", ("VisitorUser", "MemberUser", "ApiUser"), mixed),
    ]


# --- What the pages need -------------------------------------------------------------------------------------


def add_fixture() -> tuple[list[str], str]:
    """What the load needs and the generator does not make; the bench accounts' emails and the token."""
    from django.conf import settings

    from ponte.core.demo import load_demo
    from ponte.qa.demo import load_qa_demo
    from ponte.qa.models import Question
    from ponte.standards.demo import load_recommendations_demo

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    load_demo()  # the demo accounts: the SME representative holds the token
    if not Question.objects.exists():  # a dataset generated before the Q&A domain
        load_recommendations_demo()
        load_qa_demo()
    accounts = [_account(f"load{number:02}@bench.example") for number in range(1, ACCOUNTS + 1)]
    _ensure_rollups()
    return accounts, _new_token()


def _account(email: str) -> str:
    from allauth.account.models import EmailAddress

    from ponte.core import services
    from ponte.core.demo import DEMO_PASSWORD
    from ponte.core.models import User

    if not User.objects.filter(email=email).exists():
        user = User.objects.create_user(username=email, email=email, password=DEMO_PASSWORD, first_name="Load")
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        services.ensure_person_for_user(user=user)
    return email


def revoke_tokens() -> None:
    """Revoke the bench's tokens (a run's token lives only as long as the run)."""
    from ponte.core.models import User
    from ponte.tokens import services
    from ponte.tokens.models import ApiToken

    representative = User.objects.get(email="sme@astem.example")
    for token in ApiToken.objects.filter(created_by=representative, name=TOKEN_NAME, revoked_at__isnull=True):
        services.revoke_token(token=token, revoked_by=representative)


def _new_token() -> str:
    """A new token of the demo SME (ASTEM) for its representative, any left by an interrupted run revoked."""
    from ponte.core.models import Organisation, User
    from ponte.tokens import services

    revoke_tokens()
    representative = User.objects.get(email="sme@astem.example")
    organisation = Organisation.objects.get(name="ASTEM Co. Ltd.")
    new = services.create_token(
        organisation=organisation, created_by=representative, name=TOKEN_NAME, scopes=TOKEN_SCOPES, expires_at=None
    )
    return new.plain


def _ensure_rollups() -> None:
    """Production's dashboard reads rollups; without any (``bench.measure`` not run yet) build them once."""
    from django.core.management import call_command

    from ponte.stats.models import ParticipationRollup

    if ParticipationRollup.objects.exists():
        return
    print("Load: no participation rollups yet, rebuilding them (minutes at full size)…", flush=True)
    started = time.perf_counter()
    call_command("rebuild_participation_rollups", verbosity=0)
    print(f"Load: rollups rebuilt in {time.perf_counter() - started:.0f} s.", flush=True)


def plan(accounts: list[str], token: str) -> dict[str, Any]:
    """What locust requests, with URLs of records that exist (a sample of each kind)."""
    from django.urls import reverse
    from django.utils import translation

    from bench.load_urls import BARE_PATH
    from bench.partnerships import SEARCHES
    from ponte.core.demo import DEMO_PASSWORD
    from ponte.core.models import Group, Organisation
    from ponte.meetings.models import Meeting
    from ponte.qa.models import Question
    from ponte.standards.models import Recommendation

    rng = random.Random(44)
    groups = list(Group.objects.filter(is_active=True).select_related("sector"))
    meetings = list(Meeting.objects.order_by("-starts_on").values_list("code", flat=True)[:400])
    organisations = list(Organisation.objects.filter(is_active=True).order_by("?").values_list("pk", flat=True)[:200])
    questions = list(Question.objects.filter(is_hidden=False).order_by("?").values_list("pk", flat=True)[:200])
    recommendations = list(Recommendation.objects.select_related("sector").order_by("?")[:200])
    pages: list[dict[str, Any]] = []

    def add(name: str, weight: float, urls: list[str]) -> None:
        pages.extend({"name": name, "url": url, "weight": weight / len(urls)} for url in urls)

    def url(name: str, language: str = "en", **kwargs: Any) -> str:
        with translation.override(language):
            return reverse(name, kwargs=kwargs or None)

    languages = ["en", "en", "en", "fr", "es", "ar", "zh-hans", "ru"]
    add("home", 10, [url("core:home", language) for language in sorted(set(languages))])
    add("meetings", 6, [url("meetings:meeting_list", language) for language in ("en", "fr", "ar")])
    add("meeting", 10, [url("meetings:meeting_detail", rng.choice(languages), code=code) for code in meetings])
    add("groups", 4, [url("core:group_list")])
    add("group", 6, [url("core:group_detail", sector=g.sector.code, code=g.code) for g in groups])
    add("organisations", 6, [url("core:organisation_list"), url("core:organisation_list", "fr")])
    add("organisation", 10, [url("core:organisation_detail", rng.choice(languages), pk=pk) for pk in organisations])
    add("Q&A", 5, [url("qa:question_list"), url("qa:question_list", "fr")])
    add("question", 6, [url("qa:question_detail", rng.choice(languages), pk=pk) for pk in questions])
    add("Recommendations", 5, [url("standards:recommendation_list")])
    add(
        "Recommendation",
        5,
        [
            url("standards:recommendation_detail", sector=r.sector.code, identifier=r.identifier)
            for r in recommendations
        ],
    )
    terms = ["video", "SG16", "accessibility", "Japan", "réseau", "5G", "IPTV", "broadband"]
    add("search", 6, [f"{url('search:results')}?{urlencode({'q': term})}" for term in terms])
    partner_search = url("partnerships:partner_search")
    add("partner search", 5, [f"{partner_search}?{urlencode(s.query(), doseq=True)}" for s in SEARCHES])
    add("stats dashboard", 5, [url("stats:dashboard"), url("stats:dashboard") + "?year=2025"])
    api = "/api/v1"
    add("API lists", 8, [f"{api}/organisations", f"{api}/meetings/", f"{api}/groups", f"{api}/qa/questions"])
    for page in pages:
        page["name"] = _label(page["name"])
    active_groups = [g.pk for g in groups]
    return {
        "bare": "/" + BARE_PATH,
        "pages": pages,
        "login": url("account_login"),
        "portal": url("portal:home"),
        "accounts": accounts,
        "password": DEMO_PASSWORD,
        "follow": [url("portal:follow", kind="group", pk=pk) for pk in active_groups],
        "vote": [url("qa:vote", kind="question", pk=pk) for pk in questions],
        "token": token,
        "follow_groups": active_groups,
        "api_follows": f"{api}/my/follows",
        "api": [
            {"name": "token: " + path, "url": api + path, "weight": 1}
            for path in ("/me", "/my/", "/my/follows", "/meetings/registrations/mine", "/organisations", "/meetings/")
        ],
    }


def _label(name: str) -> str:
    return f"page: {name}"


# --- The server and the load ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_environment(redis_url: str) -> dict[str, str]:
    """Production's environment for gunicorn: the bench database, DEBUG off, Redis, no email leaving."""
    environment = dict(os.environ)
    environment |= {
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "PYTHONPATH": os.pathsep.join([str(REPO_DIR / "src"), str(REPO_DIR)]),
        "REDIS_URL": redis_url,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # Production's page cache for visitors who are not signed in (``core/page_cache.py``); 0 measures without.
        "PONTE_PAGE_CACHE_SECONDS": os.environ.get("BENCH_PAGE_CACHE_SECONDS", "60"),
    }
    return environment


@contextlib.contextmanager
def gunicorn(port: int, environment: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """gunicorn on ``port`` until the block ends, however it ends (stopped gracefully, killed if it lingers)."""
    command = [
        str(VENV_BIN / "gunicorn"), "ponte.wsgi", "-w", str(WORKERS), "--no-control-socket",
        "-b", f"127.0.0.1:{port}", "--graceful-timeout", "10",
    ]  # fmt: skip
    with log.open("ab") as output:
        process = subprocess.Popen(  # noqa: S603 - our own command line
            command, cwd=REPO_DIR, env=environment, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_until_up(process, f"http://127.0.0.1:{port}/bench/bare/", log)
        yield process
    finally:
        _stop(process, timeout=20)


def _wait_until_up(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped (exit {process.returncode}); see {log}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
            if response.status == 200:
                return
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer {url} within 90 s; see {log}")


def _stop(process: subprocess.Popen[bytes], timeout: float) -> None:
    """SIGTERM to the process group we started, SIGKILL to it if it is still there after ``timeout``."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def warm_up(base: str, load_plan: dict[str, Any]) -> list[str]:
    """One URL of each public page (the workers load what they cache); the ones that do not answer 200."""
    wrong = []
    for page in {page["name"]: page for page in load_plan["pages"]}.values():
        try:
            with urllib.request.urlopen(base + page["url"], timeout=60) as response:  # noqa: S310 - our server
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            wrong.append(f"{page['url']} answered {status} before the load")
    return wrong


class MemorySampler(threading.Thread):
    """Every second, the VmRSS and CPU time of the gunicorn master, its workers (each pid kept: a worker may be
    replaced) and locust (it shares the CPUs: the bare view's figure is partly the client's limit)."""

    def __init__(self, master: int) -> None:
        super().__init__(daemon=True)
        self.master = master
        self.client: int | None = None
        self.memory: dict[int, Memory] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            roles = {self.master: "master"} | dict.fromkeys(_children(self.master), "worker")
            if self.client is not None:
                roles[self.client] = "locust"
            for pid, role in roles.items():
                megabytes, cpu = _rss_mb(pid), _cpu_seconds(pid)
                if megabytes is None or cpu is None:
                    continue
                sample = self.memory.setdefault(pid, Memory(role))
                sample.peak = max(sample.peak, megabytes)
                if sample.cpu_first is None:
                    sample.cpu_first = cpu
                sample.last, sample.cpu_last = megabytes, cpu
            self.done.wait(1.0)

    def stop(self) -> list[Memory]:
        self.done.set()
        self.join(timeout=5)
        order = {"master": 0, "worker": 1, "locust": 2}
        return sorted(self.memory.values(), key=lambda m: order[m.role])


def _stat(path: Path) -> list[str]:
    """The fields of ``/proc/PID/stat`` after the command (which may hold spaces and parentheses): state first."""
    return path.read_text().rsplit(")", 1)[1].split()


def _children(parent: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(_stat(stat)[1]) == parent:
                pids.append(int(stat.parent.name))
    return pids


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = _stat(Path(f"/proc/{pid}/stat"))
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    kilobytes = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), None)
    return None if kilobytes is None else kilobytes / 1024


def run_locust(scenario: Scenario, base: str, plan_file: Path, master: int) -> Outcome:
    """One scenario: locust headless, its CSV read back, memory sampled meanwhile."""
    prefix = OUTPUT_DIR / scenario.name.replace(" ", "-")
    command = [
        str(VENV_BIN / "locust"), "-f", str(REPO_DIR / "bench" / "locustfile.py"), "--headless",
        "-u", str(USERS), "-r", str(SPAWN_RATE), "--run-time", f"{scenario.seconds}s", "--stop-timeout", "10",
        "--host", base, "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", *scenario.users,
    ]  # fmt: skip
    sampler = MemorySampler(master)
    sampler.start()
    log = prefix.with_suffix(".log")
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own command line
            command,
            cwd=REPO_DIR,
            env=os.environ | {"PONTE_LOAD_PLAN": str(plan_file)},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        sampler.client = process.pid
        try:
            process.wait(timeout=scenario.seconds + 120)
        finally:
            _stop(process, timeout=15)
            memory = sampler.stop()
    outcome = _read_stats(scenario, prefix)
    outcome.memory = memory
    if outcome.requests == 0:
        outcome.errors.append(f"locust made no request; see {log}")
    return outcome


def _read_stats(scenario: Scenario, prefix: Path) -> Outcome:
    stats_file, failures_file = Path(f"{prefix}_stats.csv"), Path(f"{prefix}_failures.csv")
    rows = list(csv.DictReader(stats_file.open())) if stats_file.exists() else []
    total = next((row for row in rows if row["Name"] == "Aggregated"), None)
    errors = []
    if failures_file.exists():
        errors = [
            f"{row['Occurrences']} times {row['Method']} {row['Name']}: {row['Error']}"
            for row in csv.DictReader(failures_file.open())
        ]
    if total is None:
        return Outcome(scenario, 0, 0, 0.0, float("nan"), float("nan"), errors)
    return Outcome(
        scenario,
        requests=int(total["Request Count"]),
        failures=int(total["Failure Count"]),
        rps=float(total["Requests/s"]),
        median_ms=float(total["50%"]),
        p95_ms=float(total["95%"]),
        errors=errors,
    )


def server_errors(log: Path, start: int) -> list[str]:
    """What gunicorn and Django's request logger reported after byte ``start`` of the log (5xx, timeouts, the
    exceptions), each kind once with its count and first paths."""
    if not log.exists():
        return []
    with log.open("rb") as handle:
        handle.seek(start)
        text = handle.read().decode("utf-8", "replace")
    paths: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("Internal Server Error: "):
            paths.setdefault("Internal Server Error", []).append(line.removeprefix("Internal Server Error: "))
        elif any(marker in line for marker in ("WORKER TIMEOUT", "Error handling request")):
            paths.setdefault(line.split("] ", 3)[-1], []).append("")
        elif re.match(r"^[\w.]+(Error|Exception|Shutdown)\b.*:", line):  # the last line of a traceback
            paths.setdefault(line[:200], []).append("")
    return [
        f"{len(found)} times {kind}" + (f" ({', '.join(sorted(set(found))[:5])}…)" if any(found) else "")
        for kind, found in paths.items()
    ]


def flush_redis(redis_url: str) -> None:
    """Start from a cold cache (and leave none behind): the bench's own Redis database only."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        client.flushdb()
    finally:
        client.close()


# --- The report ----------------------------------------------------------------------------------------------


def section(outcomes: list[Outcome], info: dict[str, str], problems: list[str]) -> str:
    bare = next((o for o in outcomes if o.scenario.name == "bare view"), None)
    lines = [
        SECTION,
        "",
        f"Written by `python -m bench.load` on {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC. gunicorn "
        f"`ponte.wsgi`, {WORKERS} sync workers, DEBUG off, cache in Redis, production's page cache for visitors "
        f"who are not signed in ({os.environ.get('BENCH_PAGE_CACHE_SECONDS', '60')} s; signed-in members always get "
        f"a fresh page); locust {USERS} users (+{SPAWN_RATE}/s), "
        "no wait between requests, on the same machine (it takes CPU from the server). Ratio: requests per second "
        "/ the bare view's (target ≥ 50% for the public pages). Worker CPU per request: the two workers' CPU "
        "time over the requests, which other work on the machine does not change (requests per second it does). "
        f"Worker RSS: the largest resident memory of a worker, sampled every second (target ≤ {RSS_TARGET_MB:g} MB).",
        "",
        *(f"- {name}: {value}" for name, value in info.items()),
        "",
        "| scenario | users | duration | requests | RPS | ratio to bare | median ms | p95 ms | failures "
        "| worker CPU ms per request | worker RSS max MB | target | met? |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for outcome in outcomes:
        ratio = outcome.rps / bare.rps if bare and bare.rps else float("nan")
        target, met = _target(outcome, ratio)
        lines.append(
            f"| {outcome.scenario.name} | {USERS} | {outcome.scenario.seconds} s | {outcome.requests:,} | "
            f"{outcome.rps:,.1f} | {'—' if math.isnan(ratio) else f'{ratio:.0%}'} | {outcome.median_ms:,.0f} | "
            f"{outcome.p95_ms:,.0f} | {outcome.failures} | {outcome.cpu_ms_per_request:,.1f} | "
            f"{outcome.worker_peak:,.0f} | {target} | {met} |"
        )
    lines += [
        "",
        "CPU s: the CPU time each process used during the scenario (the machine has 2 CPUs times the duration; "
        "a worker far below the duration waited: for PostgreSQL, or for a CPU other work held).",
        "",
        "| scenario | process | RSS max MB | RSS at the end MB | CPU s |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for outcome in outcomes:
        lines += [
            f"| {outcome.scenario.name} | {m.role} | {m.peak:,.0f} | {m.last:,.0f} | {m.cpu_seconds:,.0f} |"
            for m in outcome.memory
        ]
    lines += ["", "Failures and server errors: " + ("none." if not problems else "")]
    lines += [f"- {problem}" for problem in problems]
    return "\n".join(lines) + "\n"


def _target(outcome: Outcome, ratio: float) -> tuple[str, str]:
    memory_met = outcome.worker_peak <= RSS_TARGET_MB
    met = memory_met and outcome.failures == 0
    target = f"RSS ≤ {RSS_TARGET_MB:g} MB, no failure"
    if outcome.scenario.against_bare:
        target = f"≥ {RATIO_TARGET:.0%} of bare, " + target
        met = met and ratio >= RATIO_TARGET
    return target, "yes" if met else "**no**"


def write_section(text: str) -> None:
    """Replace the section "Load" of ``bench/results.md`` (``bench.measure`` rewrites the rest), or append it."""
    existing = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Bench results\n"
    before, found, after = existing.partition("\n" + SECTION + "\n")
    rest = ""
    if found:
        following = after.find("\n## ")
        rest = after[following:] if following >= 0 else ""
    RESULTS.write_text(before.rstrip("\n") + "\n\n" + text + rest, encoding="utf-8")


def machine() -> dict[str, str]:
    """What the load ran on, as ``bench.measure`` says it, and the dataset's size."""
    from django.db import connection

    from bench.measure import _load, dataset, machine

    info = machine()
    info.pop("Load average (1, 5, 15 min) when measuring began", None)
    info["Load average (1, 5, 15 min) before the load"] = _load()
    counts, _how, full = dataset()
    size = "full size" if full else "**reduced scale, not the reference size**"
    rows = ", ".join(f"{table} {count:,}" for table, count in counts.items() if table in SHOWN_TABLES)
    info["Dataset"] = f"{connection.settings_dict['NAME']}, {size} ({rows})"
    return info


# --- Main ----------------------------------------------------------------------------------------------------


def _raise_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(f"Stopped by signal {signum}.")


def main() -> int:
    signal.signal(signal.SIGTERM, _raise_on_sigterm)  # so that gunicorn and locust are stopped on the way out
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    setup()
    redis_url = os.environ.get("BENCH_REDIS_URL") or "redis://127.0.0.1:6379/13"
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    print("Load: preparing accounts and token…", flush=True)
    accounts, token = add_fixture()
    load_plan = plan(accounts, token)
    info = machine()
    from django.db import connections

    connections.close_all()
    flush_redis(redis_url)
    log = OUTPUT_DIR / "gunicorn.log"
    log.unlink(missing_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    outcomes: list[Outcome] = []
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        plan_file = Path(folder) / "plan.json"  # holds the token: gone with the folder
        plan_file.write_text(json.dumps(load_plan), encoding="utf-8")
        try:
            with gunicorn(port, server_environment(redis_url), log) as server:
                problems += warm_up(base, load_plan)
                for scenario in scenarios():
                    print(f"Load: {scenario.name}, {USERS} users, {scenario.seconds} s…", flush=True)
                    start = log.stat().st_size if log.exists() else 0
                    outcome = run_locust(scenario, base, plan_file, server.pid)
                    outcome.errors += server_errors(log, start)
                    outcomes.append(outcome)
                    problems += [f"{scenario.name}: {error}" for error in outcome.errors]
                    print(
                        f"Load: {scenario.name}: {outcome.requests:,} requests, {outcome.rps:,.1f}/s, "
                        f"p95 {outcome.p95_ms:,.0f} ms, {outcome.failures} failures, "
                        f"worker RSS max {outcome.worker_peak:,.0f} MB",
                        flush=True,
                    )
        finally:
            flush_redis(redis_url)
            revoke_tokens()
    write_section(section(outcomes, info, problems))
    print(f"Written the section Load of {RESULTS}.", flush=True)
    if problems:
        print("Failures and server errors:\n" + "\n".join(f"- {problem}" for problem in problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

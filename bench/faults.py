"""``make faults``: the site survives PostgreSQL restarting, Redis going down and an import killed half-way.

On this machine's loopback only, with its own PostgreSQL database (``ponte_faults``, made afresh, migrated, demo
data loaded) and its own Redis database number, it starts the site as in production (gunicorn with two workers,
DEBUG off), a Celery worker and beat, then checks, printing PASS or FAIL for each and exiting 1 on any FAIL:

a. PostgreSQL restarts under a load of reads and writes (questions asked through the API with a token): the site
   answers again within ``RECOVERY_SECONDS`` without being restarted, and every write answered 201 is stored;
b. Redis is stopped: pages (signed in or not) answer 200, signing in works, a question's email job waits in the
   outbox; Redis is started again and the email is sent;
c. ``manage.py import_agreements`` of 50,000 rows is killed (SIGKILL) half-way: no row of it is stored; the
   same import run again stores them all.

PostgreSQL and Redis are running again at the end whatever happens (``scripts/services.sh``); both are shared
with whoever else uses this machine, so the script is run rarely.
"""

from __future__ import annotations

import csv
import email
import email.policy
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import psycopg
import requests

REPO_DIR = Path(__file__).resolve().parent.parent
PYTHON = str(REPO_DIR / ".venv" / "bin" / "python")
VENV_BIN = REPO_DIR / ".venv" / "bin"
HOST = "127.0.0.1"
PORT = int(os.environ.get("FAULTS_PORT", "8765"))
SITE = f"http://{HOST}:{PORT}"
DATABASE = "ponte_faults"
ADMIN_URL = f"postgresql://postgres:postgres@{HOST}:5432/postgres"
DATABASE_URL = f"postgres://postgres:postgres@{HOST}:5432/{DATABASE}"
REDIS_PORT = 6379
REDIS_URL = f"redis://{HOST}:{REDIS_PORT}/{os.environ.get('FAULTS_REDIS_DB', '12')}"
VAR_DIR = REPO_DIR / "var" / "faults"
EMAIL_DIR = VAR_DIR / "emails"
PASSWORD = "ponte-demo-2026"  # noqa: S105 - the demo accounts', printed by make run
REPRESENTATIVE = "sme@astem.example"  # asks the questions; SG16's expert is told by email
IMPORT_ROWS = int(os.environ.get("FAULTS_IMPORT_ROWS", "50000"))
IMPORT_APP_NAME = "ponte-faults-import"  # the import's sessions, as pg_stat_activity names them
LOAD_THREADS = 4
LOAD_BEFORE_SECONDS = 5.0
LOAD_AFTER_SECONDS = 10.0
RECOVERY_SECONDS = 15.0
JOB_SECONDS = 150.0  # beat publishes the outbox every minute; the worker may wait for its reconnection too


@dataclass
class Result:
    name: str
    passed: bool
    details: list[str] = field(default_factory=list)


def say(text: str) -> None:
    print(text, flush=True)


# --- Services ---------------------------------------------------------------------------------------------------


def environment() -> dict[str, str]:
    """The site's environment: production settings on plain HTTP (loopback), its own database and Redis number."""
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "DEBUG": "false",
        "SECRET_KEY": "faults-only-key-not-a-secret",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": HOST,
        "PONTE_VAR_DIR": str(VAR_DIR),
        "PONTE_SITE_URL": SITE,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(EMAIL_DIR),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(REPO_DIR / "src"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def manage(env: dict[str, str], *arguments: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [PYTHON, "manage.py", *arguments], cwd=REPO_DIR, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def services_up() -> None:
    subprocess.run(["bash", str(REPO_DIR / "scripts" / "services.sh")], check=True)  # noqa: S603, S607


def redis_cli(*arguments: str) -> bool:
    """``redis-cli`` on the machine's Redis; whether it succeeded."""
    command = ["redis-cli", "-h", HOST, "-p", str(REDIS_PORT), *arguments]
    return subprocess.run(command, capture_output=True, check=False).returncode == 0  # noqa: S603


def redis_up() -> bool:
    return redis_cli("ping")


def postgres_cluster() -> str:
    return sorted(os.listdir("/etc/postgresql"))[0]


def sql(
    query: str, parameters: tuple[Any, ...] | dict[str, Any] | None = None, url: str = DATABASE_URL
) -> list[tuple[Any, ...]]:
    """One query on its own connection (none is kept across a restart)."""
    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True, connect_timeout=5) as db:
        cursor = db.execute(query, parameters)
        return cursor.fetchall() if cursor.description else []


def prepare(env: dict[str, str]) -> str:
    """The database with the demo data (made once; ``FAULTS_FRESH=1`` makes it afresh), the static files, and an
    API token of the representative."""
    fresh = os.environ.get("FAULTS_FRESH", "") not in ("", "0")
    exists = sql("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,), url=ADMIN_URL)
    if fresh or not exists:
        say(f"Making {DATABASE} afresh…")
        sql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)', url=ADMIN_URL)
        sql(f'CREATE DATABASE "{DATABASE}"', url=ADMIN_URL)
    redis_cli("-n", REDIS_URL.rsplit("/", 1)[1], "flushdb")
    EMAIL_DIR.mkdir(parents=True, exist_ok=True)
    for old in EMAIL_DIR.iterdir():
        old.unlink()
    say(f"Preparing {DATABASE}: migrate, load_demo (once), collectstatic (when the static files changed)…")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_demo")
    if static_outdated():
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    script = (
        "from ponte.core.models import Role, User\n"
        "from ponte.tokens.services import create_token\n"
        f"user = User.objects.get(email='{REPRESENTATIVE}')\n"
        "organisation = Role.objects.get(user=user, kind='representative', revoked_at=None).organisation\n"
        "print(create_token(organisation=organisation, created_by=user, name='faults', scopes=['qa:read', "
        "'qa:write'], expires_at=None).plain)\n"
    )
    return manage(env, "shell", "-c", script).strip().splitlines()[-1]


def static_outdated() -> bool:
    """Whether the collected static files (with DEBUG off, from their manifest) are missing or older than ours."""
    manifest = VAR_DIR / "static" / "staticfiles.json"
    if not manifest.exists():
        return True
    newest = max(path.stat().st_mtime for path in (REPO_DIR / "src" / "ponte").glob("**/static/**/*") if path.is_file())
    return newest > manifest.stat().st_mtime


@contextmanager
def running(env: dict[str, str]) -> Iterator[None]:
    """gunicorn (two workers), a Celery worker and beat, stopped at the end."""
    logs = VAR_DIR / "logs"
    logs.mkdir(exist_ok=True)
    commands = {
        "gunicorn": [str(VENV_BIN / "gunicorn"), "ponte.wsgi:application", "--workers", "2", "--bind",
                     f"{HOST}:{PORT}", "--no-control-socket", "--timeout", "30"],
        "worker": [str(VENV_BIN / "celery"), "-A", "ponte", "worker", "--concurrency", "1", "--loglevel", "INFO"],
        "beat": [str(VENV_BIN / "celery"), "-A", "ponte", "beat", "--loglevel", "INFO", "--schedule",
                 str(VAR_DIR / "celerybeat-schedule")],
    }  # fmt: skip
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for name, command in commands.items():
            log = (logs / f"{name}.log").open("wb")
            processes.append(subprocess.Popen(command, cwd=REPO_DIR, env=env, stdout=log, stderr=log))  # noqa: S603
        wait_for(lambda: answers(f"{SITE}/en/") == 200, 180, "the site to answer")
        wait_for(lambda: " ready." in (logs / "worker.log").read_text(errors="replace"), 180, "the worker")
        yield
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> float:
    """Seconds until ``condition`` held; raises if it did not within ``seconds``."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        with suppress(Exception):
            if condition():
                return time.monotonic() - started
        time.sleep(0.2)
    raise TimeoutError(f"waited {seconds:.0f} s for {what}")


def answers(url: str) -> int:
    try:
        return requests.get(url, timeout=5, allow_redirects=False).status_code
    except requests.RequestException:
        return 0


# --- A browser and the API ----------------------------------------------------------------------------------------


class Browser:
    """A session on the site over plain HTTP: production marks its cookies Secure, sent here anyway (loopback)."""

    def __init__(self) -> None:
        self.session = requests.Session()

    def _insecure(self) -> None:
        for cookie in self.session.cookies:
            cookie.secure = False

    def get(self, path: str) -> requests.Response:
        response = self.session.get(f"{SITE}{path}", timeout=10, allow_redirects=False)
        self._insecure()
        return response

    def post(self, path: str, data: dict[str, str]) -> requests.Response:
        token = self.session.cookies.get("csrftoken", "")
        response = self.session.post(
            f"{SITE}{path}", data={**data, "csrfmiddlewaretoken": token}, timeout=10, allow_redirects=False
        )
        self._insecure()
        return response

    def sign_in(self, email: str) -> requests.Response:
        self.get("/en/account/login/")
        return self.post("/en/account/login/", {"login": email, "password": PASSWORD})


def ask(token: str, title: str) -> requests.Response:
    """A question to the experts of ITU-T SG16, asked through the API with the representative's token."""
    payload = {"title": title, "body": "Asked by make faults.", "language": "en", "group": "ITU-T SG16"}
    return requests.post(
        f"{SITE}/api/v1/qa/questions", json=payload, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )


# --- a. PostgreSQL restarts under load ----------------------------------------------------------------------------


@dataclass
class Load:
    """Threads reading pages and asking questions until stopped; what answered what, and when."""

    token: str
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    written: list[int] = field(default_factory=list)  # questions answered 201
    failed: list[tuple[float, str]] = field(default_factory=list)  # (when, what)
    succeeded: list[float] = field(default_factory=list)

    def run(self, number: int) -> None:
        pages = ["/en/", "/en/meetings/", "/api/v1/qa/questions", "/en/funds/", "/en/stats/"]
        turn = 0
        while not self.stop.is_set():
            turn += 1
            try:
                if turn % 3 == 0:
                    response = ask(self.token, f"Faults load {number}-{turn}: does H.264 cover this?")
                    ok = response.status_code == 201
                    if ok:
                        with self.lock:
                            self.written.append(int(response.json()["id"]))
                else:
                    response = requests.get(f"{SITE}{pages[turn % len(pages)]}", timeout=10)
                    ok = response.status_code == 200
                what = f"{response.request.method} {response.request.path_url} → {response.status_code}"
            except requests.RequestException as error:
                ok, what = False, f"{type(error).__name__}"
            with self.lock:
                (self.succeeded.append(time.monotonic()) if ok else self.failed.append((time.monotonic(), what)))

    @contextmanager
    def running(self) -> Iterator[Load]:
        threads = [threading.Thread(target=self.run, args=(number,), daemon=True) for number in range(LOAD_THREADS)]
        for thread in threads:
            thread.start()
        try:
            yield self
        finally:
            self.stop.set()
            for thread in threads:
                thread.join(timeout=30)


# A question is written with its history and search terms in one transaction: none may be there without the others.
HALF_WRITTEN = """
SELECT
  (SELECT count(*) FROM qa_question q WHERE q.title LIKE %(load)s AND (
     NOT EXISTS (SELECT 1 FROM qa_historicalquestion h WHERE h.id = q.id AND h.history_type = '+')
     OR NOT EXISTS (SELECT 1 FROM qa_questionsearchterm t WHERE t.question_id = q.id)))
  + (SELECT count(*) FROM qa_historicalquestion h WHERE h.title LIKE %(load)s AND h.history_type = '+'
     AND NOT EXISTS (SELECT 1 FROM qa_question q WHERE q.id = h.id))
"""


def check_postgres_restart(token: str) -> Result:
    result = Result("a. PostgreSQL restarts under load", passed=False)
    with Load(token).running() as load:
        time.sleep(LOAD_BEFORE_SECONDS)
        restarted = time.monotonic()
        subprocess.run(  # noqa: S603
            ["pg_ctlcluster", "--skip-systemctl-redirect", postgres_cluster(), "main", "restart"],  # noqa: S607
            check=True,
            capture_output=True,
        )
        back = time.monotonic()
        try:
            recovery = wait_for(lambda: answers(f"{SITE}/en/meetings/") == 200, RECOVERY_SECONDS, "a 200")
            recovered = True
        except TimeoutError:
            recovery, recovered = RECOVERY_SECONDS, False
        time.sleep(LOAD_AFTER_SECONDS)
        with load.lock:
            late_failures = [what for when, what in load.failed if when > back + recovery + 1]
    stored = {row[0] for row in sql("SELECT id FROM qa_question WHERE id = ANY(%s)", (load.written,))}
    lost = sorted(set(load.written) - stored)
    half_written = sql(HALF_WRITTEN, {"load": "Faults load%"})[0][0]
    failures = len(load.failed)
    result.details = [
        f"requests answered: {len(load.succeeded)}, failed: {failures} "
        f"(restart took {back - restarted:.1f} s; failures: {sorted({what for _when, what in load.failed})[:6]})",
        f"the site answered 200 again {recovery:.1f} s after PostgreSQL was back (gunicorn not restarted)",
        f"writes answered 201: {len(load.written)}, stored: {len(stored)}, lost: {len(lost)}",
        f"questions of the load stored without their history or search terms, or history without them: {half_written}",
        f"failures after recovery: {len(late_failures)}",
    ]
    result.passed = recovered and not lost and not half_written and not late_failures and len(load.written) > 0
    return result


# --- b. Redis down --------------------------------------------------------------------------------------------------


def emails_mentioning(text: str) -> int:
    """The emails written by the file backend whose subject or text holds ``text`` (decoded: lines may be folded)."""
    found = 0
    for path in EMAIL_DIR.iterdir():
        for raw in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
            message = email.message_from_string(raw, policy=email.policy.default)
            body = message.get_body(("plain",)) if isinstance(message, EmailMessage) else None
            text_of = str(message["subject"] or "") + (body.get_content() if body is not None else "")
            found += text in text_of
    return found


def check_redis_down(token: str) -> Result:
    result = Result("b. Redis down: pages serve, jobs wait, and run when it returns", passed=False)
    early = Browser()
    assert early.sign_in(REPRESENTATIVE).status_code == 302  # noqa: S101 - signed in before the outage
    redis_cli("shutdown", "nosave")
    wait_for(lambda: not redis_up(), 10, "Redis to stop")
    try:
        anonymous = Browser()
        pages = {
            "home": anonymous.get("/en/").status_code,
            "meetings list": anonymous.get("/en/meetings/").status_code,
            "sign-in page": anonymous.get("/en/account/login/").status_code,
            "signed-in page": early.get("/en/me/").status_code,
        }
        signed_in = anonymous.sign_in(REPRESENTATIVE).status_code == 302 and anonymous.get("/en/me/").status_code == 200
        marker = f"outbox-{int(time.time())}"
        title = f"Faults {marker}: is H.264 still current?"
        started = time.monotonic()
        asked = ask(token, title)
        ask_seconds = time.monotonic() - started
        waiting = sql("SELECT task FROM core_waitingjob ORDER BY id")
    finally:
        services_up()  # Redis again
    try:
        sent_after = wait_for(lambda: emails_mentioning(marker) > 0, JOB_SECONDS, "the expert's email")
    except TimeoutError:
        sent_after = -1.0
    left = sql("SELECT count(*) FROM core_waitingjob")[0][0]
    result.details = [
        "pages while Redis was down: " + ", ".join(f"{name} {status}" for name, status in pages.items()),
        f"signing in while Redis was down: {'works' if signed_in else 'FAILED'}",
        f"question asked: {asked.status_code} in {ask_seconds:.1f} s; outbox: {len(waiting)} job(s) "
        f"{sorted({task for (task,) in waiting})}",
        (
            f"email sent {sent_after:.0f} s after Redis was back; outbox left: {left}"
            if sent_after >= 0
            else f"no email within {JOB_SECONDS:.0f} s after Redis was back; outbox left: {left}"
        ),
    ]
    result.passed = (
        all(status == 200 for status in pages.values())
        and signed_in
        and asked.status_code == 201
        and len(waiting) >= 1
        and sent_after >= 0
        and left == 0
    )
    return result


# --- c. An import killed half-way -----------------------------------------------------------------------------------


def agreements_file(path: Path, rows: int) -> None:
    """``rows`` agreements new to the database (references of this run) of twenty partners, in the columns of
    ``import_agreements``."""
    run = time.strftime("%Y%m%d%H%M%S")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["reference", "type", "title", "partner", "partner_kind", "signed_on", "value", "currency",
                     "value_usd", "regions", "countries", "action_areas", "amends"])  # fmt: skip
    for number in range(1, rows + 1):
        writer.writerow(
            [f"FAULTS-{run}-{number:06d}", "cooperation", f"Rural broadband, faults programme {number}",
             f"Faults Partner {number % 20}", "private_company", f"202{number % 6}-0{number % 9 + 1}-15",
             f"{1000 + number}.00", "USD", "", "AFR", "", "", ""]
        )  # fmt: skip
    path.write_text(out.getvalue())


def import_counts() -> tuple[int, int, int]:
    rows = sql(
        "SELECT (SELECT count(*) FROM partnerships_agreement), (SELECT count(*) FROM partnerships_historicalagreement),"
        " (SELECT count(*) FROM partnerships_partner)"
    )
    return rows[0]


def import_writing() -> bool:
    """Whether the import's transaction has written something (it has a transaction id)."""
    rows = sql(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s AND backend_xid IS NOT NULL",
        (IMPORT_APP_NAME,),
    )
    return bool(rows[0][0])


def import_statement() -> str:
    """What the import's session is doing, as PostgreSQL says (its statement's first words)."""
    rows = sql("SELECT state, left(query, 40) FROM pg_stat_activity WHERE application_name = %s", (IMPORT_APP_NAME,))
    return " ".join(rows[0]) if rows else "nothing"


def import_sessions() -> int:
    return int(sql("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", (IMPORT_APP_NAME,))[0][0])


def check_killed_import(env: dict[str, str]) -> Result:
    result = Result("c. an import killed half-way leaves nothing", passed=False)
    path = VAR_DIR / "agreements.csv"
    agreements_file(path, IMPORT_ROWS)
    before = import_counts()
    command = [PYTHON, "manage.py", "import_agreements", str(path)]
    importing = subprocess.Popen(  # noqa: S603
        command, cwd=REPO_DIR, env={**env, "PGAPPNAME": IMPORT_APP_NAME}, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    started = time.monotonic()
    wait_for(import_writing, 300, "the import to start writing")
    time.sleep(1.0)  # well inside the writing
    doing = import_statement()
    still_running = importing.poll() is None
    importing.send_signal(signal.SIGKILL)
    importing.wait()
    killed_after = time.monotonic() - started
    wait_for(lambda: import_sessions() == 0, 120, "PostgreSQL to end the killed import's session")
    after_kill = import_counts()
    started = time.monotonic()
    summary = manage(env, "import_agreements", str(path)).strip()
    seconds = time.monotonic() - started
    after_again = import_counts()
    created = re.search(r"(\d+) created", summary)
    result.details = [
        f"{IMPORT_ROWS:,} rows; killed (SIGKILL) {killed_after:.1f} s after it started, while writing: "
        f"{'yes' if still_running else 'NO, it had finished'} ({doing!r})",
        f"agreements, their history, partners before: {before}; after the kill: {after_kill}",
        f"second import in {seconds:.0f} s: {summary!r}; after it: {after_again}",
    ]
    result.passed = (
        still_running
        and after_kill == before
        and created is not None
        and int(created.group(1)) == IMPORT_ROWS
        and after_again[0] - before[0] == IMPORT_ROWS
        and after_again[1] - before[1] == IMPORT_ROWS
    )
    return result


# --- Main ---------------------------------------------------------------------------------------------------------

CHECKS = {"postgres": "a", "redis": "b", "import": "c"}


def main(argv: list[str]) -> int:
    chosen = set(argv) or set(CHECKS)
    unknown = chosen - set(CHECKS)
    if unknown:
        say(f"Unknown checks {sorted(unknown)}; choose among {sorted(CHECKS)}")
        return 2
    services_up()
    env = environment()
    results: list[Result] = []
    try:
        token = prepare(env)
        with running(env):
            if "postgres" in chosen:
                results.append(check_postgres_restart(token))
            if "redis" in chosen:
                results.append(check_redis_down(token))
            if "import" in chosen:
                results.append(check_killed_import(env))
    except Exception as error:  # reported as a failure; the services are restored below
        results.append(Result(f"the run stopped: {type(error).__name__}: {error}", passed=False))
    finally:
        services_up()
    say("")
    for result in results:
        say(f"{'PASS' if result.passed else 'FAIL'}  {result.name}")
        for line in result.details:
            say(f"      {line}")
    say(json.dumps({"passed": sum(r.passed for r in results), "failed": sum(not r.passed for r in results)}))
    return 0 if results and all(result.passed for result in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

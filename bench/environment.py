"""The bench's settings: its own PostgreSQL database, production-like Django settings, and the dataset's size.

Every bench command calls ``setup()`` first. The database is always ``BENCH_DATABASE_URL`` (never the
developer's ``DATABASE_URL``: the generator empties the tables it fills), and its name must contain "bench".
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres:postgres@127.0.0.1:5432/ponte_bench"
DEFAULT_SEED = 44  # Resolution 44, as the demo's generator


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL


def setup() -> None:
    """Point Django at the bench database with DEBUG off (as in production, static files from the manifest)."""
    os.environ["DATABASE_URL"] = database_url()
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-key-not-a-secret")
    # The test client speaks plain HTTP to the views; production's HTTPS redirect would answer every request.
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ.setdefault("PONTE_VAR_DIR", str(REPO_DIR / "var" / "bench"))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # Server time is the time to render: production's page cache for anonymous visitors is measured by bench.load.
    os.environ.setdefault("PONTE_PAGE_CACHE_SECONDS", "0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "ponte.settings"
    sys.path.insert(0, str(REPO_DIR / "src"))
    import django

    django.setup()
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "postgresql" or "bench" not in name:
        raise SystemExit(f"The bench runs on its own PostgreSQL database (a name with 'bench'), not on {name!r}.")


def _env_number(name: str) -> float | None:
    value = os.environ.get(name, "").strip().replace("_", "")
    return float(value) if value else None


@dataclass(frozen=True)
class Scale:
    """How big the dataset is: ``BENCH_SCALE`` times the full size, or one size set exactly (``BENCH_PEOPLE``,
    ``BENCH_DAYS``, ``BENCH_PARTNERS``, ``BENCH_AGREEMENTS``)."""

    factor: float = 1.0
    seed: int = DEFAULT_SEED
    exact: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_environment(cls) -> Scale:
        overrides = {
            "people": "BENCH_PEOPLE",
            "person_days": "BENCH_DAYS",
            "partners": "BENCH_PARTNERS",
            "agreements": "BENCH_AGREEMENTS",
        }
        exact = {size: int(value) for size, env in overrides.items() if (value := _env_number(env)) is not None}
        seed = _env_number("BENCH_SEED")
        return cls(
            factor=_env_number("BENCH_SCALE") or 1.0,
            seed=DEFAULT_SEED if seed is None else int(seed),
            exact=exact,
        )

    def size(self, name: str, full: int, *, minimum: int = 1) -> int:
        """The number of ``name`` rows to make: set exactly, or the full size times the factor."""
        if name in self.exact:
            return self.exact[name]
        return max(minimum, round(full * self.factor))

    @property
    def is_full(self) -> bool:
        return self.factor >= 1.0 and not self.exact

    def describe(self) -> str:
        exact = ", ".join(f"{name}={value:,}" for name, value in sorted(self.exact.items()))
        return f"BENCH_SCALE={self.factor:g}" + (f" ({exact})" if exact else "") + f", seed {self.seed}"

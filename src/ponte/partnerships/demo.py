"""Demo partnership agreements (demo_agreements.csv): about sixty agreements and amendments signed 2014-2026 with
partners of every kind, loaded through the agreements import once. Idempotent."""

from __future__ import annotations

from pathlib import Path

from ponte.partnerships.importers import import_agreements
from ponte.partnerships.models import Agreement

DEMO_FILE = Path(__file__).resolve().parent / "demo_agreements.csv"


def load_agreements_demo() -> int:
    """Import the demo agreements unless they are there already (what the secretariat edited since stays);
    return how many were created."""
    content = DEMO_FILE.read_bytes()
    first_reference = content.splitlines()[1].split(b",", 1)[0].decode()
    if Agreement.objects.filter(reference=first_reference).exists():
        return 0
    report = import_agreements(file_name=DEMO_FILE.name, content=content)
    if not report.ok:
        problems = "; ".join(f"line {error.line}, {error.column}: {error.reason}" for error in report.errors)
        raise RuntimeError(f"The demo agreements do not import: {problems}")
    return report.created

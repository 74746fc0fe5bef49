"""Demo Recommendations (data/demo_recommendations.csv, sources named at its top): thirty real ITU-T, ITU-R and
ITU-D Recommendations and papers — H.702, F.921, HSTP-CONF-H702 among them — with their titles in six languages,
loaded through the import. Idempotent, and what the secretariat edited since stays: only missing ones are added.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ponte.standards.importers import import_recommendations
from ponte.standards.models import Recommendation

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_recommendations.csv"


def _missing_rows(text: str) -> str:
    """The file's rows (its ``#`` lines of sources left out) whose Recommendation is not in Ponte yet, as CSV."""
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("#")]
    rows = list(csv.DictReader(lines))
    stored = set(Recommendation.objects.values_list("sector__code", "identifier"))
    missing = [row for row in rows if (row["sector"], row["identifier"]) not in stored]
    if not missing:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(missing)
    return out.getvalue()


def load_recommendations_demo() -> int:
    """Import the demo Recommendations that are not in Ponte yet; return how many were created."""
    content = _missing_rows(DEMO_FILE.read_text(encoding="utf-8"))
    if not content:
        return 0
    report = import_recommendations(file_name=DEMO_FILE.name, content=content.encode())
    if not report.ok:
        problems = "; ".join(f"line {error.line}, {error.column}: {error.reason}" for error in report.errors)
        raise RuntimeError(f"The demo Recommendations do not import: {problems}")
    return report.created

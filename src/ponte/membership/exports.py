"""The SME status report as files."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from ponte.membership.selectors import SmeReport


def report_csv(report: SmeReport) -> str:
    """The annex table (No., entity, approving Member State, sector, study groups) as CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("No."), _("Entity"), _("Approving Member State"), _("Sector"), _("Study groups")])
    for row in report.annex:
        writer.writerow([row.number, row.entity, row.member_state, "; ".join(row.sectors), "; ".join(row.groups)])
    return buffer.getvalue()

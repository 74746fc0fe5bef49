"""The standards app owns the catalogue of Recommendations and technical papers (ITU-T, ITU-D, ITU-R): their
identifiers, titles and summaries in six languages, responsible groups, status and texts (a free online link or a
PDF kept here). The Standards Q&A and the conformity database refer to them.

Writes: the secretariat attaches a PDF here, edits in the admin and imports files (``importers``); every change
keeps its history with the acting user and a namespaced reason.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ponte.core.actions import require, save_with_history
from ponte.core.uploads import MB, PDF, document_type
from ponte.standards.models import Recommendation

MANAGE = "standards.manage_recommendations"
MAX_RECOMMENDATION_BYTES = 20 * MB


def check_recommendation_pdf(upload: Any) -> None:
    """A Recommendation's text is a PDF (read from its bytes, not its name) of at most 20 MB."""
    document_type(
        upload, allowed=(PDF,), max_bytes=MAX_RECOMMENDATION_BYTES, wrong_type=_("The file is not a PDF document.")
    )


@transaction.atomic
def attach_recommendation_file(*, actor: Any, recommendation: Recommendation, upload: Any) -> Recommendation:
    """Keep the PDF of a Recommendation (replacing the one it had), served by the Recommendation's file page."""
    require(actor, MANAGE)
    check_recommendation_pdf(upload)
    recommendation.file.save("recommendation.pdf", upload, save=False)
    save_with_history(recommendation, "standards.recommendation.file_attached", actor)
    return recommendation

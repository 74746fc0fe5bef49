"""Contributions: the documents organisations submit to a group, alone or co-sourced, and their revisions.

Rules kept here, in one place:

- Who submits: a representative of the *first* source (or the secretariat), through the rule
  ``meetings.submit_contribution_for``; every source must hold the right to submit contributions
  (``membership.rights.require_right``: SMEs may, partners and archived or suspended members may not).
- The number is ``<group code>-C<serial>``, upper case, e.g. ``SG16-C123``, ``TSAG-C45``,
  ``SG3RG-AFR-C7``: the prefix must be the code of the contribution's group, the serial 1 to 4 digits
  without a leading zero (pattern ``NUMBER_PATTERN``).
- Submitting an existing number makes its next revision (last + 1), in the same group, by a
  representative of one of the sources of the revisions so far, or the secretariat.
- The question, if given, reads ``Q<n>/<study group>`` (``Q5/16``), of the group's own study group.
- The meeting, if given, is one of the group, of its parent or of one of its subgroups.
- The file is a PDF (its bytes start with ``%PDF-``) or a DOCX (a zip holding ``word/document.xml``,
  without macros), at most 20 MB: decided by the content, never by the name. The zip is only listed,
  never extracted.
- Nothing half-saved: the file is written last, and removed again if the row cannot be saved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from ponte.core.actions import require as _require
from ponte.core.actions import save_with_history as _save
from ponte.core.models import Group, Organisation
from ponte.core.uploads import DOCX, EXTENSIONS, PDF, document_type
from ponte.meetings.models import Contribution, Meeting
from ponte.membership.rights import Right, require_right

MAX_CONTRIBUTION_BYTES = 20 * 1024 * 1024
MAX_SOURCES = 30

NUMBER_PATTERN = re.compile(r"^(?P<group>[A-Z0-9]+(?:-[A-Z0-9]+)*)-C(?P<serial>[1-9][0-9]{0,3})$")
QUESTION_PATTERN = re.compile(r"^Q(?P<question>[1-9][0-9]{0,2})/(?P<group>[1-9][0-9]{0,2})$")


def _invalid(field: str, message: Any, code: str) -> ValidationError:
    """An error of one input (named as the service's argument), with its code kept on the field's error."""
    return ValidationError({field: ValidationError(message, code=code)})


def normalise_number(number: str) -> str:
    """``sg16-c123 `` → ``SG16-C123`` (spaces removed, upper case)."""
    return re.sub(r"\s+", "", number or "").upper()


def _check_number(number: str, group: Group) -> None:
    match = NUMBER_PATTERN.match(number)
    if match is None:
        raise _invalid(
            "number",
            _("Write the number as the group's code, -C and the serial number, e.g. SG16-C123."),
            "number_format",
        )
    if match["group"] != group.code.upper():
        raise _invalid(
            "number",
            _("A contribution to %(group)s is numbered %(prefix)s-C…, e.g. %(prefix)s-C123.")
            % {"group": str(group), "prefix": group.code.upper()},
            "number_group",
        )


def normalise_question(question: str) -> str:
    return re.sub(r"\s+", "", question or "").upper()


def _study_group_number(group: Group) -> int | None:
    if group.number is not None:
        return group.number
    return group.parent.number if group.parent is not None else None


def _check_question(question: str, group: Group) -> None:
    if not question:
        return
    match = QUESTION_PATTERN.match(question)
    if match is None:
        raise _invalid(
            "question", _("Write the question as Q, its number, / and the study group, e.g. Q5/16."), "question_format"
        )
    expected = _study_group_number(group)
    if expected is None or int(match["group"]) != expected:
        raise _invalid(
            "question",
            _("%(question)s is not a question of %(group)s.") % {"question": question, "group": str(group)},
            "question_group",
        )


def _check_meeting(meeting: Meeting | None, group: Group) -> None:
    if meeting is None:
        return
    if group.pk not in (meeting.group_id, meeting.group.parent_id) and meeting.group_id != group.parent_id:
        raise _invalid(
            "meeting",
            _("%(meeting)s is a meeting of %(other)s, not of %(group)s.")
            % {"meeting": meeting.code, "other": str(meeting.group), "group": str(group)},
            "meeting_group",
        )


def file_type(upload: Any) -> str:
    """The content type of an uploaded contribution, read from its bytes; refuses what is not a PDF or DOCX."""
    return document_type(
        upload,
        allowed=(PDF, DOCX),
        max_bytes=MAX_CONTRIBUTION_BYTES,
        wrong_type=_("The file is neither a PDF nor a Word (DOCX) document."),
    )


def _check_sources(actor: Any, sources: Sequence[Organisation]) -> None:
    if not sources:
        raise _invalid("sources", _("Name at least one source organisation."), "no_source")
    if len(sources) > MAX_SOURCES:
        raise _invalid(
            "sources", _("At most %(count)s source organisations.") % {"count": MAX_SOURCES}, "too_many_sources"
        )
    _require(actor, "meetings.submit_contribution_for", sources[0])
    for source in sources:
        require_right(source, Right.SUBMIT_CONTRIBUTIONS)


def _unique(sources: Iterable[Organisation]) -> list[Organisation]:
    seen: set[int] = set()
    result = []
    for source in sources:
        if source.pk not in seen:
            seen.add(source.pk)
            result.append(source)
    return result


def _next_revision(actor: Any, number: str, group: Group) -> int:
    """0 for a new number; otherwise the last revision + 1, if the actor may revise it (rows locked meanwhile)."""
    earlier = list(
        Contribution.objects.select_for_update()
        .filter(number=number)
        .order_by("-revision")
        .values_list("revision", "group_id")
    )
    if not earlier:
        return 0
    last, group_id = earlier[0]
    if group_id != group.pk:
        raise _invalid(
            "number", _("%(number)s is already a contribution of another group.") % {"number": number}, "number_taken"
        )
    original_sources = Organisation.objects.filter(contributions__number=number).distinct()
    if not any(actor.has_perm("meetings.submit_contribution_for", source) for source in original_sources):
        raise PermissionDenied("meetings.revise_contribution")
    return int(last) + 1


@transaction.atomic
def submit_contribution(
    *,
    actor: Any,
    number: str,
    title: str,
    group: Group,
    sources: Iterable[Organisation],
    upload: Any,
    meeting: Meeting | None = None,
    question: str = "",
    revision: int | None = None,
) -> Contribution:
    """Submit a contribution for its first source (co-sourced by the others), or the next revision of one.

    ``revision``, if given, must be the revision this submission becomes: it catches two people revising the
    same number from the same page at once (the second is told, rather than silently becoming Rev. n + 1).
    """
    sources = _unique(sources)
    _check_sources(actor, sources)
    number = normalise_number(number)
    question = normalise_question(question)
    title = (title or "").strip()
    _check_number(number, group)
    _check_question(question, group)
    _check_meeting(meeting, group)
    content_type = file_type(upload)
    expected = _next_revision(actor, number, group)
    if revision is not None and revision != expected:
        raise _invalid(
            "revision",
            _("This would be revision %(expected)s, not %(revision)s: reload the page.")
            % {"expected": expected, "revision": revision},
            "revision",
        )
    contribution = Contribution(
        number=number,
        revision=expected,
        title=title,
        group=group,
        meeting=meeting,
        question=question,
        size=upload.size,
        content_type=content_type,
        submitted_by=actor,
    )
    contribution.full_clean(exclude=["file"])
    _store(contribution, upload, content_type, sources, actor)
    return contribution


def _store(contribution: Contribution, upload: Any, content_type: str, sources: list[Organisation], actor: Any) -> None:
    """Write the file, then the row and its sources; if they fail, the file is removed again."""
    reason = "meetings.contribution.revised" if contribution.revision else "meetings.contribution.submitted"
    contribution.file.save(f"contribution.{EXTENSIONS[content_type]}", upload, save=False)
    stored = contribution.file.name
    try:
        with transaction.atomic():
            _save(contribution, reason, actor)
            contribution.sources.set(sources)
    except IntegrityError as error:
        contribution.file.storage.delete(stored)
        message = _("%(number)s was submitted by someone else just now: reload the page.")
        raise _invalid("number", message % {"number": contribution.number}, "number_taken") from error
    except BaseException:
        contribution.file.storage.delete(stored)
        raise

"""The innovation app owns national innovation-ecosystem assessments: their pillar scores, who led them, and
their publication, from which the country digital-innovation profiles are made.

Every write is here: keyword-only arguments, permission through ``rules`` first, ``ValidationError`` (with the
argument's name as field, and a code) or ``PermissionDenied`` on refusal, nothing half-saved, history with the
acting user and a namespaced reason (``innovation.assessment.published``).

Who may lead: the secretariat, or a certified national expert of the assessed country whose certificate was
valid on the assessment's date and was never revoked (``check_lead``, the one place for the rule).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from ponte.core.actions import require as _require
from ponte.core.actions import save_with_history as _save
from ponte.core.models import Country
from ponte.experts.models import Certificate, CertificateStatus, valid_on
from ponte.innovation.models import (
    SCORE_MAX,
    SCORE_MIN,
    Assessment,
    AssessmentState,
    LeadKind,
    Pillar,
    PillarScore,
)

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
SUMMARY_LIMIT = 10000
EVIDENCE_LIMIT = 5000
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class ScoreInput:
    """A pillar's score as typed (``None``: not scored yet) and its evidence."""

    score: Decimal | None
    evidence: str = ""


def _invalid(field: str, message: Any, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def summary_field_names() -> list[str]:
    return [build_localized_fieldname("summary", code) for code in LANGUAGE_CODES]


def score_field(pillar: Pillar) -> str:
    """The input name of a pillar's score in forms and errors (``score_vision-strategy``)."""
    return f"score_{pillar.code}"


def evidence_field(pillar: Pillar) -> str:
    return f"evidence_{pillar.code}"


def _day(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


# --- The lead ----------------------------------------------------------------------------------------------------


def check_lead(*, country: Country, assessed_on: datetime.date, certificate: Certificate) -> None:
    """Refuse a national expert who may not lead this assessment: another country's expert, a revoked certificate,
    or one not valid on the assessment's date (expired, or issued later)."""
    person = certificate.person
    if person.country_id != country.code:
        raise _invalid(
            "lead_certificate",
            _("Certificate %(number)s belongs to an expert of another country: a national expert leads the "
              "assessments of their own country.") % {"number": certificate.number},
            "other_country",
        )  # fmt: skip
    if certificate.revoked_on is not None:
        raise _invalid(
            "lead_certificate",
            _("Certificate %(number)s was revoked on %(day)s: a revoked certificate cannot lead an assessment.")
            % {"number": certificate.number, "day": _day(certificate.revoked_on)},
            "revoked",
        )
    status = certificate.status_on(assessed_on)
    if status == CertificateStatus.EXPIRED:
        raise _invalid(
            "lead_certificate",
            _("Certificate %(number)s expired on %(day)s, before the assessment date: the expert must renew it "
              "to lead.") % {"number": certificate.number, "day": _day(certificate.expires_on)},
            "expired",
        )  # fmt: skip
    if status == CertificateStatus.NOT_YET_VALID:
        raise _invalid(
            "lead_certificate",
            _("Certificate %(number)s is valid only from %(day)s, after the assessment date.")
            % {"number": certificate.number, "day": _day(certificate.issued_on)},
            "not_yet_valid",
        )


def _own_certificate(actor: Any, country: Country, assessed_on: datetime.date) -> Certificate:
    """The acting expert's unrevoked certificate that is valid on the assessment's date (the latest issued)."""
    mine = Certificate.objects.select_related("person").filter(person__user=actor)
    found = mine.filter(valid_on(assessed_on), revoked_on__isnull=True).order_by("-issued_on").first()
    if found is None:
        latest = mine.order_by("-issued_on").first()
        if latest is not None:
            check_lead(country=country, assessed_on=assessed_on, certificate=latest)
        raise _invalid(
            "assessed_on", _("Your certificate was not valid on this date: choose a date it covers."), "not_covered"
        )
    return found


def _resolve_lead(
    actor: Any, country: Country, assessed_on: datetime.date, led_by: str, lead_certificate: Certificate | None
) -> Certificate | None:
    """The lead certificate to record: the secretariat chooses; a national expert always leads with their own."""
    if led_by not in LeadKind.values:
        raise _invalid("led_by", _("Choose who leads the assessment."), "led_by")
    if not actor.has_perm("innovation.lead_any_assessment"):
        if led_by != LeadKind.NATIONAL_EXPERT:
            raise PermissionDenied("innovation.lead_any_assessment")
        own = _own_certificate(actor, country, assessed_on)
        if lead_certificate is not None and lead_certificate.pk != own.pk:
            raise PermissionDenied("innovation.lead_any_assessment")
        lead_certificate = own
    if led_by == LeadKind.SECRETARIAT:
        return None
    if lead_certificate is None:
        raise _invalid("lead_certificate", _("Give the certificate number of the national expert who leads."),
                       "required")  # fmt: skip
    check_lead(country=country, assessed_on=assessed_on, certificate=lead_certificate)
    return lead_certificate


# --- Texts and scores --------------------------------------------------------------------------------------------


def _clean_summaries(texts: Mapping[str, str | None]) -> dict[str, str]:
    allowed = set(summary_field_names())
    unknown = sorted(set(texts) - allowed)
    if unknown:
        raise _invalid(unknown[0], _("This is not a text of an assessment."), "unknown_field")
    cleaned = {name: (texts.get(name) or "").strip() for name in allowed}
    for name, value in cleaned.items():
        if len(value) > SUMMARY_LIMIT:
            message = _("At most %(limit)s characters (it has %(count)s).") % {
                "limit": SUMMARY_LIMIT,
                "count": len(value),
            }
            raise _invalid(name, message, "too_long")
    return cleaned


def _clean_scores(scores: Mapping[str, ScoreInput]) -> dict[Pillar, ScoreInput]:
    """The scores by pillar, checked: a known pillar, 0 to 100 with at most one decimal, evidence not too long."""
    pillars = {pillar.code: pillar for pillar in Pillar.objects.all()}
    unknown = sorted(set(scores) - set(pillars))
    if unknown:
        raise _invalid("scores", _("%(code)s is not a pillar of the framework.") % {"code": unknown[0]}, "pillar")
    errors: dict[str, list[ValidationError]] = {}
    cleaned: dict[Pillar, ScoreInput] = {}
    for code, given in scores.items():
        pillar = pillars[code]
        evidence = (given.evidence or "").strip()
        if len(evidence) > EVIDENCE_LIMIT:
            message = _("At most %(limit)s characters (it has %(count)s).") % {
                "limit": EVIDENCE_LIMIT, "count": len(evidence)}  # fmt: skip
            errors[evidence_field(pillar)] = [ValidationError(message, code="too_long")]
        score = given.score
        if score is not None:
            try:
                score = Decimal(score)
                in_range = score.is_finite() and SCORE_MIN <= score <= SCORE_MAX
                one_decimal = in_range and score == score.quantize(TENTH)
            except (InvalidOperation, TypeError):
                in_range = one_decimal = False
            if not in_range:
                errors[score_field(pillar)] = [ValidationError(_("A score is between 0 and 100."), code="range")]
                continue
            if not one_decimal:
                errors[score_field(pillar)] = [ValidationError(_("Give the score with at most one decimal."),
                                                               code="decimals")]  # fmt: skip
                continue
        cleaned[pillar] = ScoreInput(score=score, evidence=evidence)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _save_scores(assessment: Assessment, scores: dict[Pillar, ScoreInput], actor: Any) -> None:
    existing = {score.pillar_id: score for score in assessment.scores.all()}
    for pillar, given in scores.items():
        current = existing.get(pillar.pk)
        if given.score is None:
            if current is not None:
                current._change_reason = "innovation.score.removed"  # type: ignore[attr-defined]
                current.delete()
            continue
        if current is None:
            row = PillarScore(assessment=assessment, pillar=pillar, score=given.score, evidence=given.evidence)
            _save(row, "innovation.score.added", actor)
        elif current.score != given.score or current.evidence != given.evidence:
            current.score, current.evidence = given.score, given.evidence
            _save(current, "innovation.score.changed", actor)


def _check_date(assessed_on: datetime.date) -> None:
    if assessed_on > timezone.localdate():
        raise _invalid("assessed_on", _("An assessment cannot be dated in the future."), "future")


def _duplicate(country: Country) -> ValidationError:
    message = _("%(country)s already has an assessment on this date.") % {"country": country.name}
    return _invalid("assessed_on", message, "duplicate")


def _check_unique(country: Country, assessed_on: datetime.date, exclude: int | None = None) -> None:
    same = Assessment.objects.filter(country=country, assessed_on=assessed_on)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise _duplicate(country)


# --- Assessments -------------------------------------------------------------------------------------------------


@transaction.atomic
def create_assessment(
    *,
    actor: Any,
    country: Country,
    assessed_on: datetime.date,
    led_by: str,
    lead_certificate: Certificate | None = None,
    texts: Mapping[str, str | None] | None = None,
    scores: Mapping[str, ScoreInput] | None = None,
) -> Assessment:
    """Start an assessment of a country as a draft, with its summary and the scores known so far."""
    _require(actor, "innovation.add_assessment", country)
    _check_date(assessed_on)
    lead = _resolve_lead(actor, country, assessed_on, led_by, lead_certificate)
    _check_unique(country, assessed_on)
    assessment = Assessment(
        country=country,
        assessed_on=assessed_on,
        led_by=led_by,
        lead_certificate=lead,
        created_by=actor,
        state=AssessmentState.DRAFT,
    )
    for name, value in _clean_summaries(texts or {}).items():
        setattr(assessment, name, value)
    cleaned = _clean_scores(scores or {})
    try:
        with transaction.atomic():
            _save(assessment, "innovation.assessment.created", actor)
    except IntegrityError as error:  # the same country and day, saved meanwhile by someone else
        raise _duplicate(country) from error
    _save_scores(assessment, cleaned, actor)
    return assessment


@transaction.atomic
def update_assessment(
    *,
    actor: Any,
    assessment: Assessment,
    assessed_on: datetime.date,
    led_by: str,
    lead_certificate: Certificate | None = None,
    texts: Mapping[str, str | None] | None = None,
    scores: Mapping[str, ScoreInput] | None = None,
) -> Assessment:
    """Change an assessment's date, lead, summary or scores (a published one: the secretariat only)."""
    _require(actor, "innovation.change_assessment", assessment)
    assessment = Assessment.objects.select_for_update(of=("self",)).select_related("country").get(pk=assessment.pk)
    _require(actor, "innovation.change_assessment", assessment)
    _check_date(assessed_on)
    lead = _resolve_lead(actor, assessment.country, assessed_on, led_by, lead_certificate)
    _check_unique(assessment.country, assessed_on, exclude=assessment.pk)
    assessment.assessed_on, assessment.led_by, assessment.lead_certificate = assessed_on, led_by, lead
    if texts is not None:
        for name, value in _clean_summaries(texts).items():
            setattr(assessment, name, value)
    cleaned = _clean_scores(scores or {})
    _save(assessment, "innovation.assessment.changed", actor)
    _save_scores(assessment, cleaned, actor)
    if assessment.is_published:
        _check_complete(assessment)
    return assessment


def _check_complete(assessment: Assessment) -> None:
    scored = set(assessment.scores.values_list("pillar_id", flat=True))
    missing = [pillar.name for pillar in Pillar.objects.exclude(pk__in=scored)]
    if missing:
        raise ValidationError(
            _("Score every pillar before publishing; missing: %(pillars)s.") % {"pillars": ", ".join(missing)},
            code="incomplete",
        )


@transaction.atomic
def publish_assessment(*, actor: Any, assessment: Assessment) -> Assessment:
    """Make an assessment public: every pillar scored, and its national expert's certificate still good."""
    _require(actor, "innovation.publish_assessment", assessment)
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("country", "lead_certificate__person")
        .get(pk=assessment.pk)
    )
    if assessment.is_published:
        raise ValidationError(_("This assessment is already published."), code="published")
    _check_complete(assessment)
    if assessment.lead_certificate is not None:
        check_lead(
            country=assessment.country, assessed_on=assessment.assessed_on, certificate=assessment.lead_certificate
        )
    assessment.state = AssessmentState.PUBLISHED
    assessment.published_at = timezone.now()
    _save(assessment, "innovation.assessment.published", actor)
    return assessment


@transaction.atomic
def unpublish_assessment(*, actor: Any, assessment: Assessment, reason: str) -> Assessment:
    """Withdraw a published assessment from the public (back to a draft), saying why."""
    _require(actor, "innovation.unpublish_assessment", assessment)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_published:
        raise ValidationError(_("This assessment is not published."), code="draft")
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", _("Say why the assessment is withdrawn."), "required")
    assessment.state = AssessmentState.DRAFT
    assessment.published_at = None
    assessment.withdrawal_reason = reason
    _save(assessment, "innovation.assessment.unpublished", actor)
    return assessment

"""The partner-opportunity platform owns concept projects and initiatives looking for partners, their pitch
documents, the focus organisations declare, the interests they express, and the digests mailed to them.

Every write is here: keyword-only arguments, permission through ``rules`` first, ``ValidationError`` (with the
argument's name as field, and a code) or ``PermissionDenied`` on refusal, nothing half-saved, history with the
acting user and a namespaced reason (``opportunities.opportunity.published``), emails after commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ponte.core import translated
from ponte.core.actions import require as _require
from ponte.core.actions import save_with_history as _save
from ponte.core.models import Country, EmailKind, Organisation, User
from ponte.core.notifications import language_of, notify, site_url
from ponte.core.uploads import DOCX, EXTENSIONS, PDF, PPTX, document_type
from ponte.opportunities import selectors
from ponte.opportunities.models import (
    DigestDelivery,
    Interest,
    Opportunity,
    OpportunityKind,
    OpportunityState,
    OrganisationFocus,
    PitchDocument,
)
from ponte.partnerships.models import ActionArea, BeneficiaryRegion, FundingMechanism

TRANSLATED_FIELDS = ("title", "summary", "description")
LANGUAGE_CODES = translated.LANGUAGE_CODES
TEXT_LIMITS = {"title": 200, "summary": 1000, "description": 20000}
MESSAGE_LIMIT = 2000
MAX_PITCH_BYTES = 20 * 1024 * 1024
MAX_DOCUMENTS = 20
# "Newly published": a digest lists what was published in this window and was never mailed to the reader.
DIGEST_LOOKBACK = datetime.timedelta(days=30)


_invalid = translated.invalid


def text_field_names() -> list[str]:
    """``title_en``, ``title_fr``…: the keys ``texts`` may hold."""
    return translated.text_field_names(TRANSLATED_FIELDS)


# --- Opportunities ----------------------------------------------------------------------------------------------


def _clean_texts(texts: Mapping[str, str | None]) -> dict[str, str]:
    return translated.clean_texts(
        texts, limits=TEXT_LIMITS, required=("title", "summary"), unknown=_("This is not a text of an opportunity.")
    )


def _check_kind(kind: str) -> None:
    if kind not in OpportunityKind.values:
        raise _invalid("kind", _("Choose a concept project or an initiative."), "kind")


def _apply(
    opportunity: Opportunity,
    *,
    kind: str,
    texts: Mapping[str, str | None],
    budget_sought: Decimal | None,
    currency: str,
    video_url: str,
) -> None:
    _check_kind(kind)
    for name, value in _clean_texts(texts).items():
        setattr(opportunity, name, value)
    opportunity.kind = kind
    opportunity.budget_sought = budget_sought
    opportunity.currency = (currency or "").strip().upper()
    opportunity.video_url = (video_url or "").strip()


def _set_lists(
    opportunity: Opportunity,
    *,
    action_areas: Iterable[ActionArea],
    regions: Iterable[BeneficiaryRegion],
    countries: Iterable[Country],
    mechanisms: Iterable[FundingMechanism],
) -> None:
    opportunity.action_areas.set(list(action_areas))
    opportunity.regions.set(list(regions))
    opportunity.countries.set(list(countries))
    opportunity.mechanisms.set(list(mechanisms))


@transaction.atomic
def create_opportunity(
    *,
    actor: Any,
    kind: str,
    texts: Mapping[str, str | None],
    action_areas: Iterable[ActionArea] = (),
    regions: Iterable[BeneficiaryRegion] = (),
    countries: Iterable[Country] = (),
    mechanisms: Iterable[FundingMechanism] = (),
    budget_sought: Decimal | None = None,
    currency: str = "USD",
    video_url: str = "",
) -> Opportunity:
    """Write a new opportunity as a draft (only the secretariat sees it until it is published).

    ``texts`` holds the translated fields by name (``title_en``, ``summary_fr``…): English title and summary
    are required, the other languages fall back to English when empty.
    """
    _require(actor, "opportunities.manage_opportunities")
    opportunity = Opportunity(created_by=actor, state=OpportunityState.DRAFT)
    _apply(opportunity, kind=kind, texts=texts, budget_sought=budget_sought, currency=currency, video_url=video_url)
    _save(opportunity, "opportunities.opportunity.created", actor)
    _set_lists(opportunity, action_areas=action_areas, regions=regions, countries=countries, mechanisms=mechanisms)
    return opportunity


@transaction.atomic
def update_opportunity(
    *,
    actor: Any,
    opportunity: Opportunity,
    kind: str,
    texts: Mapping[str, str | None],
    action_areas: Iterable[ActionArea] = (),
    regions: Iterable[BeneficiaryRegion] = (),
    countries: Iterable[Country] = (),
    mechanisms: Iterable[FundingMechanism] = (),
    budget_sought: Decimal | None = None,
    currency: str = "USD",
    video_url: str = "",
) -> Opportunity:
    """Change an opportunity's texts and lists, in any state; a published one must keep an area and a region."""
    _require(actor, "opportunities.manage_opportunities")
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    _apply(opportunity, kind=kind, texts=texts, budget_sought=budget_sought, currency=currency, video_url=video_url)
    action_areas, regions = list(action_areas), list(regions)
    if opportunity.state != OpportunityState.DRAFT:
        _check_publishable(opportunity, has_areas=bool(action_areas), has_regions=bool(regions))
    _save(opportunity, "opportunities.opportunity.changed", actor)
    _set_lists(opportunity, action_areas=action_areas, regions=regions, countries=countries, mechanisms=mechanisms)
    return opportunity


def _check_publishable(opportunity: Opportunity, *, has_areas: bool, has_regions: bool) -> None:
    errors: dict[str, list[ValidationError]] = {}
    if not has_areas:
        errors["action_areas"] = [
            ValidationError(_("Choose at least one action area: partners are matched on it."), code="no_area")
        ]
    if not has_regions:
        errors["regions"] = [
            ValidationError(_("Choose at least one beneficiary region (Global if it is for all)."), code="no_region")
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def publish_opportunity(*, actor: Any, opportunity: Opportunity) -> Opportunity:
    """Open a draft (or reopen a closed opportunity) to everyone; the first publication date is kept."""
    _require(actor, "opportunities.manage_opportunities")
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.state == OpportunityState.PUBLISHED:
        raise _invalid("state", _("This opportunity is already published."), "already_published")
    _check_publishable(
        opportunity,
        has_areas=opportunity.action_areas.exists(),
        has_regions=opportunity.regions.exists(),
    )
    reopened = opportunity.state == OpportunityState.CLOSED
    opportunity.state = OpportunityState.PUBLISHED
    opportunity.published_at = opportunity.published_at or timezone.now()
    opportunity.closed_at = None
    reason = "opportunities.opportunity.reopened" if reopened else "opportunities.opportunity.published"
    _save(opportunity, reason, actor)
    return opportunity


@transaction.atomic
def close_opportunity(*, actor: Any, opportunity: Opportunity) -> Opportunity:
    """Stop taking interest in a published opportunity; it stays readable, marked closed."""
    _require(actor, "opportunities.manage_opportunities")
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.state != OpportunityState.PUBLISHED:
        raise _invalid("state", _("Only a published opportunity can be closed."), "not_published")
    opportunity.state = OpportunityState.CLOSED
    opportunity.closed_at = timezone.now()
    _save(opportunity, "opportunities.opportunity.closed", actor)
    return opportunity


# --- Pitch documents --------------------------------------------------------------------------------------------


def pitch_file_type(upload: Any) -> str:
    """The content type of an uploaded pitch document, read from its bytes (never its name): a PDF, or a Word or
    PowerPoint file without macros, at most 20 MB."""
    return document_type(
        upload,
        allowed=(PDF, DOCX, PPTX),
        max_bytes=MAX_PITCH_BYTES,
        wrong_type=_("Upload a PDF, a PowerPoint (PPTX) or a Word (DOCX) document."),
    )


@transaction.atomic
def add_pitch_document(
    *, actor: Any, opportunity: Opportunity, title: str, upload: Any, language: str = "en"
) -> PitchDocument:
    """Attach pitch material to an opportunity; the file is stored under a random name, removed if the row fails."""
    _require(actor, "opportunities.manage_opportunities")
    title = (title or "").strip()
    if not title:
        raise _invalid("title", _("Give the document a title."), "required")
    if language not in LANGUAGE_CODES:
        raise _invalid("language", _("Choose one of the six languages."), "language")
    if opportunity.documents.count() >= MAX_DOCUMENTS:
        message = _("An opportunity holds at most %(count)s documents.") % {"count": MAX_DOCUMENTS}
        raise _invalid("file", message, "too_many")
    content_type = pitch_file_type(upload)
    document = PitchDocument(
        opportunity=opportunity,
        title=title,
        language=language,
        size=upload.size,
        content_type=content_type,
        uploaded_by=actor,
    )
    document.full_clean(exclude=["file"])
    document.file.save(f"pitch.{EXTENSIONS[content_type]}", upload, save=False)
    stored = document.file.name
    try:
        with transaction.atomic():
            _save(document, "opportunities.document.added", actor)
    except BaseException:
        document.file.storage.delete(stored)
        raise
    return document


@transaction.atomic
def remove_pitch_document(*, actor: Any, document: PitchDocument) -> None:
    """Take a document off an opportunity; its file goes once the removal is committed (history keeps the row)."""
    _require(actor, "opportunities.manage_opportunities")
    storage, name = document.file.storage, document.file.name
    document._change_reason = "opportunities.document.removed"  # type: ignore[attr-defined]
    document._history_user = actor  # type: ignore[attr-defined]
    document.delete()
    if name:
        transaction.on_commit(partial(storage.delete, name))


# --- Focus and interest -----------------------------------------------------------------------------------------


@transaction.atomic
def save_focus(
    *,
    actor: Any,
    organisation: Organisation,
    action_areas: Iterable[ActionArea],
    regions: Iterable[BeneficiaryRegion],
    mechanisms: Iterable[FundingMechanism] = (),
    wants_digest: bool = False,
) -> OrganisationFocus:
    """Declare what the organisation looks for; recommendations (and the digest, if wanted) follow it."""
    _require(actor, "opportunities.act_for_organisation", organisation)
    action_areas, regions = list(action_areas), list(regions)
    if wants_digest and not action_areas and not regions:
        raise _invalid(
            "wants_digest",
            _("Choose at least one action area or region: the digest sends what matches them."),
            "empty_focus",
        )
    focus = OrganisationFocus.objects.select_for_update().filter(organisation=organisation).first()
    created = focus is None
    if focus is None:
        focus = OrganisationFocus(organisation=organisation)
    focus.wants_digest = wants_digest
    focus.updated_by = actor
    _save(focus, "opportunities.focus.set" if created else "opportunities.focus.changed", actor)
    focus.action_areas.set(action_areas)
    focus.regions.set(regions)
    focus.mechanisms.set(list(mechanisms))
    return focus


@transaction.atomic
def express_interest(
    *, actor: Any, opportunity: Opportunity, organisation: Organisation, message: str = ""
) -> Interest:
    """Tell the secretariat the organisation is interested; once per opportunity while the interest stands."""
    _require(actor, "opportunities.act_for_organisation", organisation)
    if not opportunity.is_open:
        raise _invalid("opportunity", _("This opportunity is not open for expressions of interest."), "not_open")
    message = (message or "").strip()
    if len(message) > MESSAGE_LIMIT:
        text = _("At most %(limit)s characters (it has %(count)s).") % {"limit": MESSAGE_LIMIT, "count": len(message)}
        raise _invalid("message", text, "too_long")
    duplicate = _invalid(
        "organisation",
        _("%(organisation)s has already expressed interest in this opportunity.") % {"organisation": organisation},
        "duplicate",
    )
    if Interest.objects.filter(opportunity=opportunity, organisation=organisation, withdrawn_at__isnull=True).exists():
        raise duplicate
    interest = Interest(opportunity=opportunity, organisation=organisation, expressed_by=actor, message=message)
    try:
        with transaction.atomic():
            _save(interest, "opportunities.interest.expressed", actor)
    except IntegrityError as error:  # expressed by a colleague a moment ago
        raise duplicate from error
    _tell_the_author(interest)
    return interest


def _tell_the_author(interest: Interest) -> None:
    """The staff member who wrote the opportunity hears of each interest, in their language, once committed."""
    author: User = interest.opportunity.created_by
    if not author.email or not author.is_active:
        return
    language = language_of(author)
    with translation.override(language):
        context = {
            "opportunity": _one_line(interest.opportunity.title),
            "organisation": _one_line(interest.organisation),
            "message": interest.message,
            "url": site_url(reverse("opportunities:manage_detail", kwargs={"pk": interest.opportunity_id})),
        }
    transaction.on_commit(
        partial(
            notify,
            to=author.email,
            language=language,
            template="opportunities/email/interest",
            context=context,
            kind=EmailKind.MATCHES,
            recipient=author,
        )
    )


@transaction.atomic
def withdraw_interest(*, actor: Any, interest: Interest) -> Interest:
    """Take an interest back; it stays on record as withdrawn, and may be expressed again later."""
    _require(actor, "opportunities.withdraw_interest", interest)
    interest = Interest.objects.select_for_update().select_related("organisation").get(pk=interest.pk)
    if interest.withdrawn_at is not None:
        raise _invalid("interest", _("This interest was already withdrawn."), "already_withdrawn")
    interest.withdrawn_at = timezone.now()
    interest.withdrawn_by = actor
    _save(interest, "opportunities.interest.withdrawn", actor)
    return interest


# --- Digest -----------------------------------------------------------------------------------------------------


def _one_line(value: object) -> str:
    """A name fit for an email subject: a line break there would make the mail unsendable."""
    return " ".join(str(value).split())


def send_opportunity_digests(*, now: datetime.datetime | None = None) -> int:
    """Mail each representative of each organisation that wants the digest the newly published opportunities
    matching its focus that no digest listed to them before; returns the number of emails queued.

    Idempotent: what was listed is recorded (``DigestDelivery``) in the same transaction, so a second run (or a
    run in parallel, which waits for the focus's lock) sends nothing again.
    """
    now = now or timezone.now()
    return sum(_send_digest(focus_id=focus.pk, now=now) for focus in selectors.foci_wanting_digest())


@transaction.atomic
def _send_digest(*, focus_id: int, now: datetime.datetime) -> int:
    focus = OrganisationFocus.objects.select_for_update().select_related("organisation").get(pk=focus_id)
    since = now - DIGEST_LOOKBACK
    fresh = [
        found
        for found in selectors.recommended_for(focus.organisation)
        if found.opportunity.published_at is not None and since <= found.opportunity.published_at <= now
    ]
    if not fresh:
        return 0
    recipients = selectors.digest_recipients(organisation=focus.organisation)
    sent = selectors.already_sent(recipients=recipients)
    queued = 0
    for recipient in recipients:
        unsent = [found for found in fresh if found.opportunity.pk not in sent[recipient.pk]]
        if unsent:
            _deliver(focus, recipient, unsent, now)
            queued += 1
    return queued


def _deliver(
    focus: OrganisationFocus, recipient: User, found: list[selectors.Recommendation], now: datetime.datetime
) -> None:
    delivery = DigestDelivery(focus=focus, recipient=recipient, sent_at=now)
    _save(delivery, "opportunities.digest.sent")
    delivery.opportunities.set([item.opportunity for item in found])
    language = language_of(recipient)
    with translation.override(language):
        context = {
            "organisation": _one_line(focus.organisation),
            "opportunities": [
                {
                    "title": str(item.opportunity.title),
                    "summary": str(item.opportunity.summary),
                    "reason": item.reason,
                    "url": site_url(item.opportunity.get_absolute_url()),
                }
                for item in found
            ],
            "mine_url": site_url(reverse("opportunities:mine")),
        }
    transaction.on_commit(
        partial(
            notify,
            to=recipient.email,
            language=language,
            template="opportunities/email/digest",
            context=context,
            kind=EmailKind.MATCHES,
            recipient=recipient,
        )
    )

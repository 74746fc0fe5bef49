"""The outreach app owns campaigns (announcements and newsletters) written by the secretariat and by SME
associations, their audience, their delivery by email with an unsubscribe link, the unsubscribes, and the yearly
International MSME Day draft.

Every write is here: keyword-only arguments, permission through ``rules`` first, ``ValidationError`` (with the
argument's name as field, and a code) or ``PermissionDenied`` on refusal, nothing half-saved, history with the
acting user and a namespaced reason (``outreach.campaign.sent``), emails by a background job after commit.
Nothing tracks opens or clicks: the emails hold no pixel and no redirect link.
"""

from __future__ import annotations

import datetime
import json
import smtplib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from ponte.core import translated
from ponte.core.actions import require as _require
from ponte.core.actions import save_with_history as _save
from ponte.core.jobs import enqueue
from ponte.core.models import (
    Country,
    EmailKind,
    EmailPreference,
    Group,
    Organisation,
    OrganisationCategory,
    Region,
    Sector,
    User,
)
from ponte.core.notifications import language_of, site_url, wants
from ponte.core.text import render_user_text
from ponte.outreach import selectors
from ponte.outreach.models import Campaign, CampaignKind, CampaignState, Delivery, Unsubscribe

TRANSLATED_FIELDS = ("title", "body")
TEXT_LIMITS = {"title": 200, "body": 20000}
UNSUBSCRIBE_SALT = "ponte.outreach.unsubscribe"
MSME_DAY_FILE = Path(__file__).resolve().parent / "data" / "msme_day.json"


_invalid = translated.invalid


def text_field_names() -> list[str]:
    """``title_en``, ``title_fr``…: the keys ``texts`` may hold."""
    return translated.text_field_names(TRANSLATED_FIELDS)


# --- Writing ----------------------------------------------------------------------------------------------------


def _clean_texts(texts: Mapping[str, str | None]) -> dict[str, str]:
    return translated.clean_texts(
        texts, limits=TEXT_LIMITS, required=TRANSLATED_FIELDS, unknown=_("This is not a text of a campaign.")
    )


@dataclass(frozen=True)
class Targeting:
    """Who a campaign is for; every list optional (empty: everyone)."""

    countries: tuple[Country, ...] = ()
    regions: tuple[str, ...] = ()
    sectors: tuple[Sector, ...] = ()
    groups: tuple[Group, ...] = ()
    categories: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        *,
        countries: Iterable[Country] = (),
        regions: Iterable[str] = (),
        sectors: Iterable[Sector] = (),
        groups: Iterable[Group] = (),
        categories: Iterable[str] = (),
    ) -> Targeting:
        return cls(tuple(countries), tuple(regions), tuple(sectors), tuple(groups), tuple(categories))


def _check_author(actor: Any, author: Organisation | None, targeting: Targeting) -> Targeting:
    """The organisation signing must be one the actor writes for; an association reaches its own country only
    (an empty country list becomes its country)."""
    if author is None:
        if not actor.has_perm("outreach.target_anywhere"):
            raise _invalid("author_organisation", _("Choose the association you write for."), "author_required")
        return targeting
    _require(actor, "outreach.write_for_organisation", author)
    if actor.has_perm("outreach.target_anywhere"):
        return targeting
    others = [country for country in targeting.countries if country.pk != author.country_id]
    if others:
        message = _("%(association)s writes to %(country)s only: ask the secretariat to reach other countries.") % {
            "association": author.name,
            "country": author.country.name if author.country else "",
        }
        raise _invalid("countries", message, "other_country")
    own = Country.objects.get(pk=author.country_id)
    return Targeting((own,), targeting.regions, targeting.sectors, targeting.groups, targeting.categories)


def _apply(campaign: Campaign, *, kind: str, texts: Mapping[str, str | None], targeting: Targeting) -> None:
    if kind not in CampaignKind.values:
        raise _invalid("kind", _("Choose an announcement or a newsletter."), "kind")
    unknown_regions = [code for code in targeting.regions if code not in Region.values]
    if unknown_regions:
        raise _invalid("regions", _("Choose regions among the six ITU-D regions."), "unknown_region")
    unknown_categories = [code for code in targeting.categories if code not in OrganisationCategory.values]
    if unknown_categories:
        raise _invalid("categories", _("Choose known organisation categories."), "unknown_category")
    for name, value in _clean_texts(texts).items():
        setattr(campaign, name, value)
    campaign.kind = kind
    campaign.regions = sorted(set(targeting.regions))
    campaign.categories = sorted(set(targeting.categories))


def _set_lists(campaign: Campaign, targeting: Targeting) -> None:
    campaign.countries.set(list(targeting.countries))
    campaign.sectors.set(list(targeting.sectors))
    campaign.groups.set(list(targeting.groups))


@transaction.atomic
def create_campaign(
    *,
    actor: Any,
    kind: str,
    texts: Mapping[str, str | None],
    author_organisation: Organisation | None = None,
    targeting: Targeting | None = None,
) -> Campaign:
    """Write a new campaign as a draft; ``texts`` holds ``title_en``, ``body_fr``…: English required, the other
    languages fall back to English when empty."""
    _require(actor, "outreach.write_campaigns")
    targeting = _check_author(actor, author_organisation, targeting or Targeting())
    campaign = Campaign(created_by=actor, author_organisation=author_organisation, state=CampaignState.DRAFT)
    _apply(campaign, kind=kind, texts=texts, targeting=targeting)
    _save(campaign, "outreach.campaign.created", actor)
    _set_lists(campaign, targeting)
    return campaign


@transaction.atomic
def update_campaign(
    *,
    actor: Any,
    campaign: Campaign,
    kind: str,
    texts: Mapping[str, str | None],
    author_organisation: Organisation | None = None,
    targeting: Targeting | None = None,
) -> Campaign:
    """Change a draft's texts, signature and audience; a campaign on its way or sent no longer changes."""
    _require(actor, "outreach.manage_campaign", campaign)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.state != CampaignState.DRAFT:
        raise _invalid("state", _("This campaign was sent: it can no longer be changed."), "not_draft")
    targeting = _check_author(actor, author_organisation, targeting or Targeting())
    campaign.author_organisation = author_organisation
    _apply(campaign, kind=kind, texts=texts, targeting=targeting)
    _save(campaign, "outreach.campaign.changed", actor)
    _set_lists(campaign, targeting)
    return campaign


# --- Sending ----------------------------------------------------------------------------------------------------


@transaction.atomic
def send_campaign(*, actor: Any, campaign: Campaign) -> Campaign:
    """Publish a draft on the news pages and queue its emails (one background job after commit); a second click
    finds it queued already and is refused."""
    _require(actor, "outreach.manage_campaign", campaign)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.state != CampaignState.DRAFT:
        raise _invalid("state", _("This campaign was sent already."), "already_sent")
    if campaign.author_organisation is not None and not actor.has_perm("outreach.target_anywhere"):
        # The association's country is checked again: the draft may be older than a change of its rules.
        own = {campaign.author_organisation.country_id}
        if {country.pk for country in campaign.countries.all()} != own:
            raise _invalid("countries", _("An association writes to its own country only."), "other_country")
    campaign.state = CampaignState.SCHEDULED
    campaign.published_at = timezone.now()
    _save(campaign, "outreach.campaign.sent", actor)
    from ponte.outreach.tasks import deliver_campaign

    transaction.on_commit(partial(enqueue, deliver_campaign, campaign_id=campaign.pk))
    return campaign


def deliver_campaign(*, campaign_id: int) -> int:
    """Email a queued campaign to its audience, each account once whatever happens (a ``Delivery`` row is made
    before its email leaves, unique per campaign and account): a retry or a second job sends only what is left.
    Returns the number of emails sent by this call."""
    campaign = _start_sending(campaign_id)
    if campaign is None:
        return 0
    sent = 0
    for recipient in selectors.audience(campaign).iterator(chunk_size=500):
        sent += _deliver_to(campaign, recipient)
    _finish_sending(campaign_id)
    return sent


@transaction.atomic
def _start_sending(campaign_id: int) -> Campaign | None:
    campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
    if campaign is None or campaign.state == CampaignState.DRAFT:
        return None
    if campaign.state == CampaignState.SCHEDULED:
        campaign.state = CampaignState.SENDING
        _save(campaign, "outreach.campaign.sending")
    return selectors.campaign_detail(pk=campaign_id)


@transaction.atomic
def _finish_sending(campaign_id: int) -> None:
    campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
    if campaign.state != CampaignState.SENT:
        campaign.state = CampaignState.SENT
        campaign.sent_at = timezone.now()
        _save(campaign, "outreach.campaign.delivered")


def text_language(campaign: Campaign, language: str) -> str:
    """The language a reader gets the campaign in: theirs when its title and text are written in it, else English."""
    written = all(getattr(campaign, build_localized_fieldname(field, language), "") for field in TRANSLATED_FIELDS)
    return language if written else settings.LANGUAGE_CODE


def _deliver_to(campaign: Campaign, recipient: User) -> int:
    if not wants(recipient, EmailKind.NEWS):
        return 0  # turned off while the campaign was being sent
    language = text_language(campaign, language_of(recipient))
    try:
        with transaction.atomic():
            delivery = Delivery(campaign=campaign, recipient=recipient, email=recipient.email, language=language)
            delivery.save()
    except IntegrityError:
        return 0  # delivered (or being delivered) by an earlier run
    try:
        campaign_message(campaign, recipient, language).send()
    except (OSError, smtplib.SMTPException) as error:
        delivery.error = str(error)[:255]
        delivery.save(update_fields=["error"])
        return 0
    delivery.sent_at = timezone.now()
    delivery.save(update_fields=["sent_at"])
    return 1


def campaign_message(campaign: Campaign, recipient: User, language: str) -> EmailMultiAlternatives:
    """The email of a campaign for one reader, in ``language``: the text as written (Markdown reads as plain
    text) and as HTML, the page's address, and an unsubscribe link (also as ``List-Unsubscribe``)."""
    with translation.override(language):
        unsubscribe = site_url(
            reverse("outreach:unsubscribe", kwargs={"token": unsubscribe_token(recipient, campaign)})
        )
        context = {
            "campaign": campaign,
            "title": getattr(campaign, build_localized_fieldname("title", language)),
            "body": getattr(campaign, build_localized_fieldname("body", language)),
            "body_html": render_user_text(getattr(campaign, build_localized_fieldname("body", language))),
            "page_url": site_url(campaign.get_absolute_url()),
            "unsubscribe_url": unsubscribe,
            "author": str(campaign.author_organisation) if campaign.author_organisation else "",
            "language": language,
        }
        subject = " ".join(str(context["title"]).split())
        text = render_to_string("outreach/email/campaign_body.txt", context)
        html = render_to_string("outreach/email/campaign_body.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [recipient.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(html, "text/html")
    return message


# --- Unsubscribing ----------------------------------------------------------------------------------------------


def unsubscribe_token(user: User, campaign: Campaign) -> str:
    """A signed token naming the account and the campaign: whoever holds the email may unsubscribe, nobody else."""
    return signing.dumps({"u": user.pk, "c": campaign.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[User, Campaign]:
    """The account and campaign of a token; ``ValidationError`` (code ``bad_token``) if it was altered or is
    unknown."""
    invalid = _invalid("token", _("This unsubscribe link is not valid: it may have been cut or changed."), "bad_token")
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise invalid from error
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("c"), int):
        raise invalid
    user = User.objects.filter(pk=data["u"]).first()
    campaign = Campaign.objects.filter(pk=data["c"]).first()
    if user is None or campaign is None:
        raise invalid
    return user, campaign


@transaction.atomic
def unsubscribe(*, token: str) -> tuple[User, Campaign]:
    """Turn newsletters and announcements off for the account of a campaign's link, and count it for the campaign
    (once, however often the link is used)."""
    user, campaign = read_unsubscribe_token(token)
    preference, _created = EmailPreference.objects.select_for_update().get_or_create(user=user)
    if preference.news:
        preference.news = False
        preference._change_reason = "outreach.unsubscribed"  # type: ignore[attr-defined]
        preference.save()
    if not Unsubscribe.objects.filter(campaign=campaign, user=user).exists():
        record = Unsubscribe(campaign=campaign, user=user)
        _save(record, "outreach.unsubscribe.recorded", user)
    return user, campaign


# --- International MSME Day -------------------------------------------------------------------------------------


def msme_day_texts(year: int) -> dict[str, str]:
    """The MSME Day template's title and text in the six languages, for ``year`` (data/msme_day.json)."""
    data = json.loads(MSME_DAY_FILE.read_text(encoding="utf-8"))
    day = datetime.date(year, 6, 27)
    texts: dict[str, str] = {}
    for field in TRANSLATED_FIELDS:
        for code, text in data[field].items():
            texts[build_localized_fieldname(field, code)] = text.format(year=year, date=day.isoformat())
    return texts


@transaction.atomic
def create_msme_day_campaign(*, year: int) -> tuple[Campaign, bool]:
    """The draft newsletter for International MSME Day (27 June) of ``year``, made once: a second call returns the
    one made before (``created`` False). Targeted at organisations of the SME category; staff review and send it."""
    existing = Campaign.objects.select_for_update().filter(msme_day_year=year).first()
    if existing is not None:
        return existing, False
    campaign = Campaign(state=CampaignState.DRAFT, msme_day_year=year)
    targeting = Targeting(categories=(OrganisationCategory.SME.value,))
    _apply(campaign, kind=CampaignKind.NEWSLETTER, texts=msme_day_texts(year), targeting=targeting)
    try:
        with transaction.atomic():
            _save(campaign, "outreach.campaign.msme_day_drafted")
    except IntegrityError:
        return Campaign.objects.get(msme_day_year=year), False
    return campaign, True

"""The decision for every page: public (for everyone, shows no private record) or protected (the anonymous is sent to
sign in, or refused), with the records its address names. A URL pattern missing here fails the suite."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.access_world import World

Kwargs = Callable[[World], dict[str, Any]]


def _none(world: World) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Route:
    public: bool
    kwargs: Kwargs = _none
    hidden: Kwargs | None = None  # a private record on a public page's address: refused like a protected page
    query: str = ""  # what the page is asked, e.g. a search


def public(kwargs: Kwargs = _none, *, hidden: Kwargs | None = None, query: str = "") -> Route:
    return Route(True, kwargs, hidden, query)


def protected(kwargs: Kwargs = _none) -> Route:
    return Route(False, kwargs)


def _pk(name: str, argument: str = "pk") -> Kwargs:
    return lambda world: {argument: world.pk(name)}


def _sme(argument: str = "pk") -> Kwargs:
    return lambda world: {argument: world.sme.pk}


def _sg16(world: World) -> dict[str, Any]:
    return {"sector": "ITU-T", "code": "SG16"}


def _h702(world: World) -> dict[str, Any]:
    return {"sector": "ITU-T", "identifier": "H.702"}


def _meeting(world: World) -> dict[str, Any]:
    return {"code": world.participant.meeting.code}


def _invoice(world: World) -> dict[str, Any]:
    return {"number": world.records["invoice"].number}


def _contribution(world: World) -> dict[str, Any]:
    return {"number": world.participant.contribution.number}


def _sponsorship(world: World) -> dict[str, Any]:
    return {"reference": world.participant.sponsorship.reference}


def _activity(world: World) -> dict[str, Any]:
    activity = world.participant.sponsorship.activity
    return {"code": activity.event.code, "pk": activity.pk}


def _hidden_activity(world: World) -> dict[str, Any]:
    activity = world.records["unpublished_activity"]
    return {"code": activity.event.code, "pk": activity.pk}


PAGES: dict[str, Route] = {
    "set_language": public(),
    "switch_language": public(),
    # core
    "core:home": public(),
    "core:take_part": public(),
    "core:organisation_register": public(),
    "core:organisation_list": public(),
    "core:organisation_create": protected(),
    "core:organisation_detail": public(_sme(), hidden=_pk("self_registered")),
    "core:organisation_edit": protected(_sme()),
    "core:organisation_confirm": protected(_sme()),
    "core:staff_member_add": protected(_sme()),
    "core:affiliation_end": protected(_pk("affiliation")),
    "core:group_list": public(),
    "core:group_detail": public(_sg16),
    "core:country_list": public(),
    "core:person_detail": protected(lambda world: {"pk": world.staff.pk}),
    "core:account": protected(),
    "core:history": protected(lambda world: {"model": "organisation", "pk": world.sme.pk}),
    # membership
    "membership:my_programme": protected(),
    "membership:application_list": protected(),
    "membership:application_start": protected(_sme("organisation_pk")),
    "membership:application_detail": protected(_pk("application")),
    "membership:document_add": protected(_pk("application")),
    "membership:document_download": protected(_pk("application_document")),
    "membership:application_submit": protected(_pk("application")),
    "membership:application_decide": protected(_pk("application")),
    "membership:sme_definition_edit": protected(lambda world: {"country": "EG"}),
    "membership:batch_upload": protected(_pk("association", "association_pk")),
    "membership:fee_simulator": protected(),
    "membership:sme_report": public(),
    "membership:sme_report_csv": public(),
    "membership:sme_report_xlsx": public(),
    "membership:sme_report_pdf": public(),
    "membership:invoice_list": protected(),
    "membership:invoices_issue": protected(),
    "membership:invoice_detail": protected(_invoice),
    "membership:invoice_pdf": protected(_invoice),
    "membership:invoice_payment": protected(_invoice),
    "membership:invoice_cancel": protected(_invoice),
    "membership:meeting_days_charge": protected(),
    "membership:bank_statement": protected(),
    "membership:statement_entry_match": protected(_pk("statement_entry")),
    # meetings
    "meetings:meeting_list": public(),
    "meetings:my_meetings": protected(),
    "meetings:my_calendar": protected(),
    "meetings:personal_calendar": protected(lambda world: {"token": "not-a-calendar-token"}),
    "meetings:group_calendar": public(_sg16),
    "meetings:registration_cancel": protected(lambda world: {"pk": world.participant.registration.pk}),
    "meetings:fellowship_mine": protected(),
    "meetings:fellowship_nominate": protected(_meeting),
    "meetings:fellowship_decisions": protected(_meeting),
    "meetings:fellowship_award": protected(lambda world: {**_meeting(world), "pk": world.participant.fellowship.pk}),
    "meetings:fellowship_decline": protected(lambda world: {**_meeting(world), "pk": world.participant.fellowship.pk}),
    "meetings:contribution_list": protected(),
    "meetings:contribution_submit": protected(),
    "meetings:contribution_detail": protected(_contribution),
    "meetings:contribution_download": protected(
        lambda world: {**_contribution(world), "revision": world.participant.contribution.revision}
    ),
    "meetings:leadership_overview": public(),
    "meetings:leadership_end_term": protected(_pk("post")),
    "meetings:leadership_appoint": protected(_sg16),
    "meetings:leadership_group": public(_sg16),
    "meetings:meeting_detail": public(_meeting),
    "meetings:register": protected(_meeting),
    "meetings:check_in": protected(_meeting),
    # stats, partnerships, funds
    "stats:dashboard": public(),
    "stats:participation_csv": public(),
    "stats:participation_xlsx": public(),
    "partnerships:dashboard": public(),
    "partnerships:dashboard_csv": public(),
    "partnerships:dashboard_xlsx": public(),
    "partnerships:partner_search": public(query="?region=AFR&q=Open+Sky"),
    "partnerships:agreement_list": protected(),
    "partnerships:agreement_import": protected(),
    "partnerships:agreement_export": protected(lambda world: {"file_format": "csv"}),
    "partnerships:agreement_detail": protected(lambda world: {"reference": world.records["agreement"].reference}),
    "partnerships:partner_list": public(),
    "partnerships:partner_detail": public(_pk("partner")),  # its contacts are for the secretariat
    "funds:report": public(),
    "funds:report_csv": public(),
    "funds:report_xlsx": public(),
    "funds:report_pdf": public(),
    "funds:entries": protected(),
    "funds:receipt_add": protected(),
    "funds:disbursement_add": protected(),
    "funds:entry_reverse": protected(lambda world: {"number": world.records["ledger_entry"].number}),
    # sponsorship
    "sponsorship:event_list": public(),
    "sponsorship:my_sponsorships": protected(),
    "sponsorship:withdraw": protected(_sponsorship),
    "sponsorship:staff_events": protected(),
    "sponsorship:confirm": protected(_sponsorship),
    "sponsorship:decline": protected(_sponsorship),
    "sponsorship:revenue": protected(),
    "sponsorship:revenue_csv": protected(),
    "sponsorship:revenue_xlsx": protected(),
    "sponsorship:staff_event": protected(lambda world: {"code": "EVT-ZQX"}),
    "sponsorship:event_detail": public(lambda world: {"code": "GSR-27"}, hidden=lambda world: {"code": "EVT-ZQX"}),
    "sponsorship:quote": public(_activity, hidden=_hidden_activity),
    "sponsorship:quote_pdf": public(_activity, hidden=_hidden_activity),
    "sponsorship:request": protected(_activity),
    # opportunities
    "opportunities:list": public(),
    "opportunities:detail": public(_pk("opportunity"), hidden=_pk("draft_opportunity")),
    "opportunities:express_interest": protected(_pk("opportunity")),
    "opportunities:withdraw_interest": protected(_pk("interest")),
    "opportunities:document": protected(_pk("draft_document")),
    "opportunities:mine": protected(),
    "opportunities:manage": protected(),
    "opportunities:create": protected(),
    "opportunities:manage_detail": protected(_pk("draft_opportunity")),
    "opportunities:edit": protected(_pk("draft_opportunity")),
    "opportunities:publish": protected(_pk("draft_opportunity")),
    "opportunities:close": protected(_pk("opportunity")),
    "opportunities:document_add": protected(_pk("draft_opportunity")),
    "opportunities:document_remove": protected(_pk("draft_document")),
    "opportunities:interests_csv": protected(_pk("opportunity")),
    # standards and Q&A
    "standards:recommendation_list": public(),
    "standards:recommendation_import": protected(),
    "standards:recommendation_detail": public(_h702),
    "standards:recommendation_file": public(_h702),
    "qa:question_list": public(query="?q=ZQX"),
    "qa:ask": protected(),
    "qa:question_detail": public(_pk("question"), hidden=_pk("hidden_question")),
    "qa:question_edit": protected(_pk("question")),
    "qa:answer_create": protected(_pk("question")),
    "qa:follow_up_create": protected(_pk("question")),
    "qa:withdraw_acceptance": protected(_pk("question")),
    "qa:lock": protected(lambda world: {"pk": world.pk("question"), "action": "lock"}),
    "qa:answer_edit": protected(_pk("answer")),
    "qa:accept": protected(_pk("answer")),
    "qa:vote": protected(lambda world: {"kind": "question", "pk": world.pk("question")}),
    "qa:flag": protected(lambda world: {"kind": "question", "pk": world.pk("question")}),
    "qa:moderate": protected(lambda world: {"kind": "question", "pk": world.pk("question"), "action": "hide"}),
    "qa:flags": protected(),
    "qa:unanswered": protected(),
    "qa:feed": public(_h702),
    # conformity, experts, innovation
    "conformity:product_list": public(),
    "conformity:product_detail": public(lambda world: {"pk": world.records["declaration"].product_id}),
    "conformity:lab_list": public(),
    "conformity:export": public(lambda world: {"file_format": "csv"}),
    "conformity:import": protected(),
    "conformity:declaration_add": protected(),
    "conformity:declaration_edit": protected(_pk("declaration")),
    "conformity:declaration_withdraw": protected(_pk("declaration")),
    "conformity:declaration_restore": protected(_pk("declaration")),
    "experts:index": public(),
    "experts:registry": public(),
    "experts:verify": public(lambda world: {}, query="?number=ITU-INN"),
    "experts:workshop_create": protected(),
    "experts:workshop_detail": public(_pk("workshop")),  # counts by country; names are for the secretariat
    "experts:workshop_edit": protected(_pk("workshop")),
    "experts:participant_add": protected(_pk("workshop")),
    "experts:participant_trained": protected(_pk("participation")),
    "experts:certificate_issue": protected(_pk("participation")),
    "experts:certificate_list": protected(),
    "experts:certificate_detail": protected(lambda world: {"number": world.records["certificate"].number}),
    "innovation:index": public(),
    "innovation:assessment_create": protected(),
    "innovation:assessment_detail": public(_pk("assessment"), hidden=_pk("draft_assessment")),
    "innovation:assessment_edit": protected(_pk("draft_assessment")),
    "innovation:assessment_publish": protected(_pk("draft_assessment")),
    "innovation:assessment_unpublish": protected(_pk("assessment")),
    # Egypt has a draft assessment only: its profile says none is published.
    "innovation:profile": public(lambda world: {"alpha3": "EGY"}),
    "innovation:profile_pdf": public(lambda world: {"alpha3": "EGY"}),
    # portal, search, outreach, privacy, tokens
    "portal:home": protected(),
    "portal:follow": protected(lambda world: {"kind": "group", "pk": world.pk("sg16")}),
    "search:results": public(query="?q=ZQX"),
    "outreach:list": public(),
    "outreach:detail": public(_pk("campaign"), hidden=_pk("draft_campaign")),
    "outreach:rss": public(),
    "outreach:atom": public(),
    "outreach:unsubscribe": protected(lambda world: {"token": "not-an-unsubscribe-token"}),
    "outreach:manage": protected(),
    "outreach:create": protected(),
    "outreach:manage_detail": protected(_pk("draft_campaign")),
    "outreach:edit": protected(_pk("draft_campaign")),
    "outreach:send": protected(_pk("draft_campaign")),
    "privacy:index": protected(),
    "privacy:export": protected(),
    "privacy:request_deletion": protected(),
    "privacy:withdraw_deletion": protected(_pk("deletion_request")),
    "privacy:deletion_requests": protected(),
    "privacy:decide_deletion": protected(_pk("deletion_request")),
    "tokens:list": protected(_sme()),
    "tokens:create": protected(_sme()),
    "tokens:revoke": protected(_pk("token")),
    # allauth: signing in, signing up and resetting a password are for everyone; the rest needs an account
    "account_login": public(),
    "account_logout": public(),
    "account_inactive": public(),
    "account_signup": public(),
    "account_reauthenticate": protected(),
    "account_email": protected(),
    "account_email_verification_sent": public(),
    "account_change_password": protected(),
    "account_set_password": protected(),
    "account_reset_password": public(),
    "account_confirm_login_code": public(),
    "account_confirm_email": public(lambda world: {"key": "not-a-key"}),  # says the link is invalid
    "account_reset_password_from_key_done": public(),
    "account_reset_password_from_key": public(lambda world: {"uidb36": "0", "key": "not-a-key"}),
    "account_reset_password_done": public(),
    "mfa_index": protected(),
    "mfa_authenticate": protected(),
    "mfa_reauthenticate": protected(),
    "mfa_activate_totp": protected(),
    "mfa_deactivate_totp": protected(),
    "mfa_view_recovery_codes": protected(),
    "mfa_generate_recovery_codes": protected(),
    "mfa_download_recovery_codes": protected(),
}

# The admin's own pages for everyone (its sign-in); every other admin page needs a staff account.
ADMIN_PUBLIC = {"admin:login", "admin:logout", "admin:jsi18n"}


@dataclass(frozen=True)
class Pattern:
    name: str | None
    route: str  # the pattern as written, for the messages
    arguments: frozenset[str]
    positional: int  # groups without a name (simple-history's admin pages)


def url_patterns() -> Iterator[Pattern]:
    """Every URL pattern of the site, named with its namespace."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[Pattern]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                regex = pattern.pattern.regex
                named = frozenset(regex.groupindex)
                yield Pattern(name, prefix + str(pattern.pattern), named, regex.groups - len(named))

    return walk(get_resolver().url_patterns, "", "")

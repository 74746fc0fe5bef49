"""Who may see and do what with innovation assessments: the one place that says it.

- Everyone reads published assessments, the country profiles made from them, and their PDF.
- The secretariat creates, edits, publishes and withdraws (unpublishes) any assessment.
- A certified national expert (an account whose person holds a certificate valid today, see
  ``ponte.experts.rules``) acts for the person's country only: it reads the country's drafts, creates
  assessments of the country (led by itself), edits them while they are drafts and publishes them. It never
  edits an assessment the secretariat leads. A lapsed or revoked certificate takes these rights away.
"""

from __future__ import annotations

from typing import Any

import rules

from ponte.core.models import Country
from ponte.core.rules import is_secretariat
from ponte.experts.rules import certified_countries
from ponte.innovation.models import Assessment, AssessmentState, LeadKind


def _country_code(target: Assessment | Country | None) -> str | None:
    if isinstance(target, Assessment):
        return target.country_id
    if isinstance(target, Country):
        return target.code
    return None


@rules.predicate
def is_certified_expert_of(user: Any, target: Assessment | Country | None) -> bool:
    """A certified national expert of the assessment's (or the given) country; with no target, of any country."""
    countries = certified_countries(user)
    if target is None:
        return bool(countries)
    return _country_code(target) in countries


@rules.predicate
def is_published(user: Any, assessment: Assessment | None) -> bool:
    return assessment is None or assessment.state == AssessmentState.PUBLISHED


@rules.predicate
def is_draft(user: Any, assessment: Assessment | None) -> bool:
    return assessment is not None and assessment.state == AssessmentState.DRAFT


@rules.predicate
def is_led_by_national_expert(user: Any, assessment: Assessment | None) -> bool:
    return assessment is not None and assessment.led_by == LeadKind.NATIONAL_EXPERT


rules.add_perm("innovation.view_profile", rules.always_allow)
rules.add_perm("innovation.view_assessment", is_published | is_secretariat | is_certified_expert_of)
rules.add_perm("innovation.add_assessment", is_secretariat | is_certified_expert_of)
rules.add_perm(
    "innovation.change_assessment",
    is_secretariat | (is_certified_expert_of & is_draft & is_led_by_national_expert),
)
rules.add_perm("innovation.publish_assessment", is_secretariat | (is_certified_expert_of & is_led_by_national_expert))
rules.add_perm("innovation.unpublish_assessment", is_secretariat)
rules.add_perm("innovation.lead_any_assessment", is_secretariat)

# The admin asks for Django's model permissions; here they are the secretariat's.
for _model in ("pillar", "countryincome", "assessment", "pillarscore"):
    for _action in ("add", "change", "view"):
        if not rules.perm_exists(f"innovation.{_action}_{_model}"):
            rules.add_perm(f"innovation.{_action}_{_model}", is_secretariat)

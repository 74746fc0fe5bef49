"""Who may see and do what with workshops, trained experts and certificates: the one place that says it.

- Everyone reads the workshops (when, where, with whom, how many took part and from which countries), the
  headline counts, the public registry of valid certificates and the answer of the verification form.
- The names of the people who took part, and a certificate's full record (who issued it, why it was
  revoked), are the secretariat's; so is every write: recording workshops and participants, issuing and
  revoking certificates.
- A *certified national expert* is an account whose person holds a certificate valid today; it acts for the
  person's country (``certified_countries``), which the innovation app uses for assessments.
"""

from __future__ import annotations

from typing import Any

import rules
from django.utils import timezone

from ponte.core.rules import is_secretariat


def certified_countries(user: Any) -> frozenset[str]:
    """The country (ISO alpha-2) of the account's person if the person holds a certificate valid today; cached on
    the user object for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached: frozenset[str] | None = getattr(user, "_ponte_certified_countries", None)
    if cached is not None:
        return cached
    from ponte.experts.models import Certificate, valid_on

    countries = frozenset(
        country
        for country in Certificate.objects.filter(valid_on(timezone.localdate()), person__user=user)
        .values_list("person__country_id", flat=True)
        .distinct()
        if country
    )
    user._ponte_certified_countries = countries
    return countries


def forget_certification(user: Any) -> None:
    """Drop the cached certification after a certificate of the account's person changed."""
    if hasattr(user, "_ponte_certified_countries"):
        del user._ponte_certified_countries


@rules.predicate
def is_certified_expert(user: Any) -> bool:
    return bool(certified_countries(user))


rules.add_perm("experts.view_workshops", rules.always_allow)
rules.add_perm("experts.view_registry", rules.always_allow)
rules.add_perm("experts.verify_certificate", rules.always_allow)
rules.add_perm("experts.view_participants", is_secretariat)
rules.add_perm("experts.manage_workshops", is_secretariat)
rules.add_perm("experts.view_certificates", is_secretariat)
rules.add_perm("experts.manage_certificates", is_secretariat)

# The admin asks for Django's model permissions; here they are the secretariat's.
for _model in ("workshop", "participation", "certificate"):
    for _action in ("add", "change", "view"):
        rules.add_perm(f"experts.{_action}_{_model}", is_secretariat)

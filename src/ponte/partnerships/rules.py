"""Who may see and change what in partnerships: the one place that says it.

Partner profiles, the dashboard's aggregates and the partner search are public
(the bureau publishes them in its reports); the agreements themselves, their
documents and partners' contacts are the secretariat's working records.
"""

from __future__ import annotations

import rules

from ponte.core.rules import is_secretariat

rules.add_perm("partnerships.view_partner", rules.always_allow)
rules.add_perm("partnerships.search_partners", rules.always_allow)
rules.add_perm("partnerships.view_agreement_stats", rules.always_allow)
rules.add_perm("partnerships.view_partner_contacts", is_secretariat)
rules.add_perm("partnerships.manage_partners", is_secretariat)
rules.add_perm("partnerships.view_agreements", is_secretariat)
rules.add_perm("partnerships.manage_agreements", is_secretariat)

"""Who may see and change the catalogue of Recommendations: the one place that says it.

The catalogue is public: anyone reads the list, a Recommendation's page, its PDF and the API (ITU publishes its
Recommendations free online). Only the secretariat adds, edits and imports them.
"""

from __future__ import annotations

import rules

from ponte.core.rules import is_secretariat

rules.add_perm("standards.view_recommendation", rules.always_allow)
rules.add_perm("standards.view_recommendation_file", rules.always_allow)
rules.add_perm("standards.manage_recommendations", is_secretariat)

# The admin asks for Django's model permissions; here they are the secretariat's.
for _action in ("add", "change"):
    rules.add_perm(f"standards.{_action}_recommendation", is_secretariat)

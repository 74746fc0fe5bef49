"""Who may do what with the BSG fund: the one place that says it.

The secretariat records receipts and disbursements and reverses mistakes. The fund's report (totals by
source, purpose and year) is public. The entries themselves are the secretariat's only: a fellowship's
entry points to a person.
"""

from __future__ import annotations

import rules

from ponte.core.rules import is_secretariat

rules.add_perm("funds.view_report", rules.always_allow)
rules.add_perm("funds.view_entries", is_secretariat)
rules.add_perm("funds.record_entry", is_secretariat)
rules.add_perm("funds.reverse_entry", is_secretariat)

# The admin asks for Django's model permissions: it only shows entries (see admin.py), to the secretariat.
rules.add_perm("funds.view_ledgerentry", is_secretariat)

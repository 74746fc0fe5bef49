from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from ponte.conformity.demo import load_conformity_demo
from ponte.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo
from ponte.experts.demo import load_experts_demo
from ponte.funds.demo import load_demo as load_fund_demo
from ponte.innovation.demo import load_innovation_demo
from ponte.meetings.demo import load_attendance_demo, load_registrations_demo
from ponte.meetings.demo import load_demo as load_meetings_demo
from ponte.membership.demo import load_billing_demo, load_members_demo
from ponte.membership.demo import load_demo as load_membership_demo
from ponte.opportunities.demo import load_opportunities_demo
from ponte.outreach.demo import load_outreach_demo
from ponte.partnerships.demo import load_agreements_demo
from ponte.portal.demo import load_portal_demo
from ponte.qa.demo import load_qa_demo
from ponte.search.indexing import rebuild_index
from ponte.sponsorship.demo import load_sponsorship_demo
from ponte.standards.demo import load_recommendations_demo

DEMO_FEE_YEAR = 2025


class Command(BaseCommand):
    help = "Load the demo data from the seeds (22 pilot SMEs, one account per role). Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--list", action="store_true", help="Only list the demo accounts.")

    def handle(self, *args: Any, **options: Any) -> None:
        # Demo records are not news to anybody: nothing they trigger (decisions, invoices) is emailed.
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        if not options["list"]:
            report = load_demo()
            created = [
                (report.organisations_created, "organisations"),
                (report.accounts_created, "accounts"),
                (load_membership_demo(), "applications"),
                (load_members_demo(year=DEMO_FEE_YEAR), "members"),
                (load_billing_demo(first_year=DEMO_FEE_YEAR, staff_email=DEMO_ACCOUNTS[0].email), "invoices"),
                (load_meetings_demo(), "meetings"),
            ]
            load_registrations_demo(representative_email="sme@astem.example", organisation_name="ASTEM Co. Ltd.")
            load_attendance_demo()
            created += [
                (
                    load_fund_demo(staff_email=DEMO_ACCOUNTS[0].email, focal_point_email=DEMO_ACCOUNTS[2].email),
                    "BSG fund entries",
                ),
                (load_agreements_demo(), "partnership agreements"),
                (load_sponsorship_demo(), "sponsorship records"),
                (load_opportunities_demo(), "partner opportunities"),
                (load_recommendations_demo(), "Recommendations"),
                (load_conformity_demo(), "conformity declarations"),
                (load_qa_demo(), "Standards Q&A questions"),
                (load_experts_demo(staff_email=DEMO_ACCOUNTS[0].email), "expert records"),
                (load_innovation_demo(staff_email=DEMO_ACCOUNTS[0].email), "innovation assessments"),
                (load_outreach_demo(), "outreach campaigns"),
                (load_portal_demo(), "follows of the demo SME representative"),
                (sum(rebuild_index().values()), "search index entries"),
            ]
            self.stdout.write("Demo data created: " + ", ".join(f"{count} {label}" for count, label in created) + ".")
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.email:<28} {account.description}")

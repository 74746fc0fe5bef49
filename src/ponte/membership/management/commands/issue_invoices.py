"""Bill the year's memberships from the command line (e.g. a yearly cron job); safe to run again."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ponte.core.models import User
from ponte.membership import services


class Command(BaseCommand):
    help = "Issue the membership invoices of a year that have not been issued yet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--by", required=True, help="Email of the secretariat account the history names.")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(email__iexact=options["by"], is_active=True).first()
        if actor is None or not actor.has_perm("membership.issue_invoices"):
            raise CommandError(f"{options['by']} is not an active secretariat account.")
        try:
            invoices = services.issue_annual_invoices(actor=actor, year=options["year"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"{len(invoices)} invoices issued for {options['year']}.")

from typing import Any

from django.core.management.base import BaseCommand

from ponte.core.models import Country
from ponte.innovation.models import CountryIncome, Pillar
from ponte.innovation.reference import load_income_groups, load_pillars


class Command(BaseCommand):
    help = "Load the framework's pillars and the countries' income groups from the innovation app's data files."

    def handle(self, *args: Any, **options: Any) -> None:
        pillars = load_pillars(Pillar)
        incomes = load_income_groups(Country, CountryIncome)
        self.stdout.write(f"{pillars} pillars created; {incomes} income groups created or changed.")

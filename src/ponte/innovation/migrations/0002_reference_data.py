"""The framework's pillars and the countries' income groups (data/pillars.csv, data/income_groups.csv)."""

from django.db import migrations

from ponte.innovation.reference import load_income_groups, load_pillars


def load(apps, schema_editor):
    load_pillars(apps.get_model("innovation", "Pillar"))
    load_income_groups(apps.get_model("core", "Country"), apps.get_model("innovation", "CountryIncome"))


class Migration(migrations.Migration):
    dependencies = [("innovation", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

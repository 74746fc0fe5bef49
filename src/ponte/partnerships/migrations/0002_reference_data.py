"""Action areas, beneficiary regions and funding mechanisms, with their names in six languages (data/*.csv)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"
TABLES = {"ActionArea": "action_areas.csv", "BeneficiaryRegion": "regions.csv", "FundingMechanism": "mechanisms.csv"}


def load(apps, schema_editor):
    for model_name, file_name in TABLES.items():
        model = apps.get_model("partnerships", model_name)
        with (DATA / file_name).open(encoding="utf-8") as source:
            for position, row in enumerate(csv.DictReader(source)):
                names = {key: value for key, value in row.items() if key.startswith("name_")}
                model.objects.update_or_create(
                    code=row["code"], defaults={"name": row["name_en"], "position": position, **names}
                )


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_partners_and_agreements")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

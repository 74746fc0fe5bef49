"""Load the reference lists (countries, sectors, groups) so they exist on every database."""

from django.db import migrations


def load(apps, schema_editor):
    from ponte.core.reference import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""Number bounds were published as strings ("1"), which forms then compared with numbers (a server
error on every procedure with a number field). The catalogue now publishes them as JSON numbers;
this rewrites the bounds of versions already published the same way, with the checksum the loader
now computes, so `catalog load` recognises them as unchanged. The content is the same: only the
JSON type of two keys changes, which is why a frozen version may be touched here."""

from decimal import Decimal

from django.db import migrations


def bounds_as_numbers(apps, schema_editor):
    from chancery.procedures.schema import json_number
    from chancery.procedures.services import definition_checksum

    ProcedureVersion = apps.get_model("procedures", "ProcedureVersion")
    for version in ProcedureVersion.objects.all().iterator():
        definition = version.definition
        changed = False
        for spec in definition.get("fields", []):
            for key in ("min", "max"):
                if isinstance(spec.get(key), str):
                    spec[key] = json_number(Decimal(spec[key]))
                    changed = True
        if changed:
            # update(), not save(): the model refuses to save a published version again.
            ProcedureVersion.objects.filter(pk=version.pk).update(
                definition=definition, checksum=definition_checksum(definition)
            )


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]

    operations = [migrations.RunPython(bounds_as_numbers, migrations.RunPython.noop)]

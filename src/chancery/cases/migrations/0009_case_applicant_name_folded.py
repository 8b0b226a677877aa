"""The queue searches applicants' names without marks or case: a folded copy of each name
(core.text.fold_for_index, the same function the search folds the query with), filled here for
the cases already stored, and indexed with the unit."""

from django.db import migrations, models

from chancery.core.text import fold_for_index


def fill_folded_names(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    batch = []
    for case in Case.objects.only("pk", "applicant_name").iterator(chunk_size=2000):
        case.applicant_name_folded = fold_for_index(case.applicant_name or "")[:255]
        batch.append(case)
        if len(batch) >= 2000:
            Case.objects.bulk_update(batch, ["applicant_name_folded"])
            batch = []
    if batch:
        Case.objects.bulk_update(batch, ["applicant_name_folded"])


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0008_caseevent_internal_note"),
        ("organization", "0003_calendar_regions_and_worked_days"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="applicant_name_folded",
            field=models.CharField(db_default="", default="", editable=False, max_length=255),
        ),
        migrations.RunPython(fill_folded_names, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["unit", "applicant_name_folded"], name="case_unit_folded_name"),
        ),
    ]

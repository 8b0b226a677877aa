"""The search index's models now belong to the search app (search 0001): state only, no table changes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('briefings', '0003_briefing_pdf_failure'),
        ('search', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='searchtext',
                    name='entry',
                ),
                migrations.DeleteModel(
                    name='SearchEntry',
                ),
                migrations.DeleteModel(
                    name='SearchText',
                ),
            ],
        ),
    ]

"""Dossiers handed in at the counter: the officer who registered them, and an e-mail address
that the applicant may not have (the tracking code and key are then given on paper)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0009_case_applicant_name_folded"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="registered_by",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                to=settings.AUTH_USER_MODEL, verbose_name="registered at the counter by",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="applicant_email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="e-mail"),
        ),
    ]

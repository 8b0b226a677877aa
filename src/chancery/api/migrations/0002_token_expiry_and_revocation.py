"""Tokens expire, and a revocation says when and why. Tokens made before this migration expire
API_TOKEN_DAYS after they were made (at once, if that is already past)."""

from datetime import timedelta

from django.conf import settings
from django.db import migrations, models


def expire_existing(apps, schema_editor):
    ApiToken = apps.get_model("api", "ApiToken")
    days = timedelta(days=getattr(settings, "API_TOKEN_DAYS", 90))
    for token in ApiToken.objects.filter(expires_at__isnull=True).only("pk", "created_at"):
        ApiToken.objects.filter(pk=token.pk).update(expires_at=token.created_at + days)


class Migration(migrations.Migration):

    dependencies = [
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires at"),
        ),
        migrations.RunPython(expire_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires at"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="revoked at"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_reason",
            field=models.CharField(blank=True, max_length=60, verbose_name="why revoked"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="last_used_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last used at"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="revoked",
            field=models.BooleanField(default=False, verbose_name="revoked"),
        ),
        migrations.AlterModelOptions(
            name="apitoken",
            options={"verbose_name": "API token", "verbose_name_plural": "API tokens"},
        ),
    ]

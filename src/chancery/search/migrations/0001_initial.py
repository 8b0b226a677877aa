"""The search index's models, moved from briefings: state only, the tables stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('organization', '0003_calendar_regions_and_worked_days'),
        # The tables (and the FTS5 table or tsvector column) are made by briefings' migrations.
        ('briefings', '0003_briefing_pdf_failure'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='SearchEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('note', 'Note'), ('news', 'News'), ('briefing', 'Briefing'), ('directive', 'Directive')], max_length=16)),
                        ('key', models.CharField(max_length=64)),
                        ('classification', models.CharField(choices=[('public', 'Public'), ('internal', 'Internal'), ('restricted', 'Restricted')], max_length=16)),
                        ('date', models.DateField(db_index=True)),
                        ('countries', models.CharField(blank=True, max_length=300)),
                        ('topics', models.CharField(blank=True, max_length=300)),
                        ('title', models.CharField(max_length=500)),
                        ('url', models.CharField(blank=True, max_length=500)),
                        ('indexed_at', models.DateTimeField(auto_now=True)),
                        ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organization.unit')),
                    ],
                    options={
                        'db_table': 'briefings_searchentry',
                    },
                ),
                migrations.CreateModel(
                    name='SearchText',
                    fields=[
                        ('entry', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='text', serialize=False, to='search.searchentry')),
                        ('body', models.TextField(blank=True)),
                        ('folded', models.TextField(blank=True)),
                    ],
                    options={
                        'db_table': 'briefings_searchtext',
                    },
                ),
                migrations.AddIndex(
                    model_name='searchentry',
                    index=models.Index(fields=['classification', 'unit'], name='briefings_s_classif_91b391_idx'),
                ),
                migrations.AddIndex(
                    model_name='searchentry',
                    index=models.Index(fields=['kind', 'date'], name='briefings_s_kind_e1daf5_idx'),
                ),
                migrations.AddConstraint(
                    model_name='searchentry',
                    constraint=models.UniqueConstraint(fields=('kind', 'key'), name='unique_search_entry'),
                ),
            ],
        ),
    ]

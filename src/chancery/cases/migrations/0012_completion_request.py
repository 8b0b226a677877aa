# Reception per Decree 118/2025/NĐ-CP: a dossier sent back to be completed before it is received
# (status, form 02 notice, the documents a request names, documents sent to complete it).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0011_assignment_and_recommendation'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='case',
            name='case_open_by_submission',
        ),
        migrations.RemoveIndex(
            model_name='case',
            name='case_open_by_due_date',
        ),
        migrations.AddField(
            model_name='case',
            name='requested_documents',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='caseevent',
            name='requirements',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AlterField(
            model_name='case',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('completion_requested', 'Completion requested at reception'), ('received', 'Received'), ('not_accepted', 'Not accepted at reception'), ('in_processing', 'In processing'), ('supplement_requested', 'Supplement requested'), ('supplement_provided', 'Supplement provided'), ('fee_requested', 'Fee requested'), ('fee_paid', 'Fee paid'), ('approved', 'Approved'), ('refused', 'Refused'), ('result_returned', 'Result returned'), ('withdrawn', 'Withdrawn by the applicant'), ('stopped', 'Processing stopped')], db_index=True, default='draft', max_length=32, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='document',
            name='stage',
            field=models.CharField(choices=[('application', 'With the application'), ('completion', 'To complete the dossier at reception'), ('supplement', 'Supplement'), ('result', 'Result')], default='application', max_length=20),
        ),
        migrations.AlterField(
            model_name='notice',
            name='kind',
            field=models.CharField(choices=[('receipt', 'Receipt and appointment (form 01)'), ('completion_request', 'Request to complete the dossier at reception (form 02)'), ('supplement_request', 'Request to supplement the dossier (form 02)'), ('refusal_to_accept', 'Refusal to accept the dossier (form 03)'), ('apology', 'Apology and new appointment (form 04)'), ('stopped', 'Notice of stopped processing (form 05)'), ('control_sheet', 'Processing control sheet (form 06)'), ('result_letter', 'Result cover letter')], max_length=30),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('status__in', ['approved', 'completion_requested', 'fee_paid', 'fee_requested', 'in_processing', 'received', 'refused', 'submitted', 'supplement_provided', 'supplement_requested'])), fields=['unit', 'submitted_at', 'id'], name='case_open_by_submission'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('status__in', ['approved', 'completion_requested', 'fee_paid', 'fee_requested', 'in_processing', 'received', 'refused', 'submitted', 'supplement_provided', 'supplement_requested'])), fields=['unit', 'due_at', 'id'], name='case_open_by_due_date'),
        ),
    ]

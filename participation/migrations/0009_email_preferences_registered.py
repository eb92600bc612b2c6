"""E-mail preferences registered by each app (participation/notifying.py)
instead of a field of the user per app; the choices people made are kept."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# Each switch that was a field of the user, and the key it has in
# participation/notifying.py. Only a choice that differs from the default
# (all were on by default) becomes a row.
FIELDS = {"email_on_reply": "reply", "email_on_followed": "followed", "email_on_moderation": "moderation",
          "email_on_membership": "membership", "email_on_projects": "projects", "email_on_committees": "committees"}


def choices_kept(apps, schema_editor):
    User = apps.get_model("participation", "User")
    EmailPreference = apps.get_model("participation", "EmailPreference")
    rows = [EmailPreference(user_id=user["pk"], key=key, enabled=False)
            for user in User.objects.values("pk", *FIELDS) for field, key in FIELDS.items() if not user[field]]
    EmailPreference.objects.bulk_create(rows)


def choices_back(apps, schema_editor):
    User = apps.get_model("participation", "User")
    EmailPreference = apps.get_model("participation", "EmailPreference")
    for field, key in FIELDS.items():
        off = EmailPreference.objects.filter(key=key, enabled=False).values("user_id")
        User.objects.filter(pk__in=off).update(**{field: False})



class Migration(migrations.Migration):

    dependencies = [
        ('participation', '0008_committees_move_out'),
    ]

    operations = [
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(max_length=40, verbose_name='kind'),
        ),
        migrations.CreateModel(
            name='EmailPreference',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=40, verbose_name='e-mail')),
                ('enabled', models.BooleanField(verbose_name='sent')),
                ('changed_at', models.DateTimeField(auto_now=True, verbose_name='chosen on')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='email_preferences', to=settings.AUTH_USER_MODEL, verbose_name='person')),
            ],
            options={
                'verbose_name': 'e-mail preference',
                'verbose_name_plural': 'e-mail preferences',
                'constraints': [models.UniqueConstraint(fields=('user', 'key'), name='one_email_preference_per_key')],
            },
        ),
        migrations.RunPython(choices_kept, choices_back),
        migrations.RemoveField(
            model_name='user',
            name='email_on_committees',
        ),
        migrations.RemoveField(
            model_name='user',
            name='email_on_followed',
        ),
        migrations.RemoveField(
            model_name='user',
            name='email_on_membership',
        ),
        migrations.RemoveField(
            model_name='user',
            name='email_on_moderation',
        ),
        migrations.RemoveField(
            model_name='user',
            name='email_on_projects',
        ),
        migrations.RemoveField(
            model_name='user',
            name='email_on_reply',
        ),
    ]

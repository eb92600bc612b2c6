"""What each notification is about, so that its kind's audience is asked
about it when it is sent and shown (participation/notifying.py). Existing
notifications get theirs from their comment, their role request, or the
project, comité or meeting their link opens; one whose object is gone keeps
none, and the bell then shows it without its text."""

import re

import django.db.models.deletion
from django.db import migrations, models


def _content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def targets_fill(apps, schema_editor):
    Notification = apps.get_model("participation", "Notification")
    Project = apps.get_model("projects", "Project")
    Committee = apps.get_model("committees", "Committee")
    Meeting = apps.get_model("committees", "Meeting")
    changed = []
    for row in Notification.objects.filter(comment__isnull=False).values("pk", "comment__content_type_id",
                                                                         "comment__object_pk"):
        if str(row["comment__object_pk"]).isdigit():
            changed.append(Notification(pk=row["pk"], target_type_id=row["comment__content_type_id"],
                                        target_id=int(row["comment__object_pk"])))
    organisation_type = _content_type(apps, "cms", "organisationpage")
    for pk, organisation_id in Notification.objects.filter(comment__isnull=True, membership__isnull=False) \
            .values_list("pk", "membership__organisation_id"):
        changed.append(Notification(pk=pk, target_type_id=organisation_type.pk, target_id=organisation_id))
    project_type, committee_type = _content_type(apps, "projects", "project"), _content_type(apps, "committees",
                                                                                             "committee")
    for pk, url in Notification.objects.filter(comment__isnull=True, membership__isnull=True).values_list("pk", "url"):
        target = None
        if found := re.match(r"^/projets/(\d+)/", url):
            if Project.objects.filter(pk=found[1]).exists():
                target = (project_type.pk, int(found[1]))
        elif found := re.match(r"^/comites/([\w-]+)/([\w-]+)/", url):
            committee_id = Committee.objects.filter(organisation__slug=found[1], slug=found[2]) \
                .values_list("pk", flat=True).first()
            target = (committee_type.pk, committee_id) if committee_id else None
        elif found := re.match(r"^/reunions/(\d+)/", url):
            committee_id = Meeting.objects.filter(pk=found[1]).values_list("committee_id", flat=True).first()
            target = (committee_type.pk, committee_id) if committee_id else None
        if target:
            changed.append(Notification(pk=pk, target_type_id=target[0], target_id=target[1]))
    Notification.objects.bulk_update(changed, ["target_type_id", "target_id"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('participation', '0011_user_email_links_version'),
        ('committees', '0002_tables_and_content_types'),
        ('projects', '0004_committee_in_its_app'),
        ('cms', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='target_id',
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='notification',
            name='target_type',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype'),
        ),
        migrations.RunPython(targets_fill, migrations.RunPython.noop),
    ]

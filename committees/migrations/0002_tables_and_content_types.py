"""The comités' tables get their app's names (participation_committee →
committees_committee…), every row kept; and their content types follow, so
that what points at a comité through one (its discussion's comments,
follows, permissions and the admin's groups, Wagtail's history and
reference index) keeps pointing at it."""

from django.db import migrations

MODELS = ["committee", "committeeplanitem", "committeemember", "meeting", "meetingattendance", "meetingdocument"]


def _move(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in MODELS:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue  # a new database: the content types are made after the migrations
        new = ContentType.objects.filter(app_label=target, model=model).first()
        if new is not None:
            # Made by an earlier run of migrate: whatever points at it moves to
            # the old one (which has the history), then it goes.
            for related in apps.get_models():
                for field in related._meta.get_fields():
                    if getattr(field, "many_to_one", False) and field.related_model is ContentType \
                            and related is not Permission and field.concrete:
                        related._base_manager.filter(**{field.name: new}).update(**{field.name: old})
            Permission.objects.filter(content_type=new).delete()
            new.delete()
        old.app_label = target
        old.save(update_fields=["app_label"])


def content_types_forward(apps, schema_editor):
    _move(apps, "participation", "committees")


def content_types_backward(apps, schema_editor):
    _move(apps, "committees", "participation")


class Migration(migrations.Migration):

    dependencies = [
        ("committees", "0001_initial"),
        ("participation", "0008_committees_move_out"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        *(migrations.AlterModelTable(name=model, table=None) for model in MODELS),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]

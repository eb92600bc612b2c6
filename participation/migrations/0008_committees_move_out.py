"""The comités, meetings, minutes and attendance leave participation for their
own app (committees/). Their tables stay, and are renamed by committees
0002: participation forgets the models, the database keeps every row."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('participation', '0007_committees_meetings_minutes'),
        ('committees', '0001_initial'),
        # Nothing may still point at participation's models when they go.
        ('consultations', '0003_committee_in_its_app'),
        ('projects', '0004_committee_in_its_app'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
                migrations.RemoveField(
                    model_name='committeemember',
                    name='committee',
                ),
                migrations.RemoveField(
                    model_name='committeeplanitem',
                    name='committee',
                ),
                migrations.RemoveField(
                    model_name='meeting',
                    name='committee',
                ),
                migrations.RemoveField(
                    model_name='committeemember',
                    name='decided_by',
                ),
                migrations.RemoveField(
                    model_name='committeemember',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='committeeplanitem',
                    name='page',
                ),
                migrations.RemoveField(
                    model_name='meeting',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='meeting',
                    name='minutes_by',
                ),
                migrations.RemoveField(
                    model_name='meetingdocument',
                    name='meeting',
                ),
                migrations.RemoveField(
                    model_name='meetingattendance',
                    name='meeting',
                ),
                migrations.RemoveField(
                    model_name='meetingattendance',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='meetingdocument',
                    name='added_by',
                ),
                migrations.DeleteModel(
                    name='Committee',
                ),
                migrations.DeleteModel(
                    name='CommitteeMember',
                ),
                migrations.DeleteModel(
                    name='CommitteePlanItem',
                ),
                migrations.DeleteModel(
                    name='Meeting',
                ),
                migrations.DeleteModel(
                    name='MeetingAttendance',
                ),
                migrations.DeleteModel(
                    name='MeetingDocument',
                ),
        ], database_operations=[]),
    ]

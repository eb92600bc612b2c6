"""The comités' models as they were in participation, on their tables as
they were (participation_*): this migration writes nothing in the database.
committees 0002 renames the tables once participation has let go of them."""

import committees.models
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('participation', '0007_committees_meetings_minutes'),
        ('cms', '0003_plan_import_permission'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
                migrations.CreateModel(
                    name='Committee',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('slug', models.SlugField(max_length=200, verbose_name='slug')),
                        ('kind', models.CharField(choices=[('conseil_de_maison', 'House council'), ('comite_thematique', 'Thematic committee'), ('groupe_de_travail', 'Working group'), ('groupe_prospectif', 'Foresight group'), ('instance_gouvernance', 'Governance body')], max_length=32, verbose_name='kind')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('membership_policy', models.CharField(choices=[('ouvert', 'Open: anyone can join'), ('sur_demande', 'On request: an animator accepts or declines'), ('sur_designation', 'By designation: the animators appoint the members')], default='sur_demande', max_length=16, verbose_name='who can join')),
                        ('visibility', models.CharField(choices=[('public', 'Public: meetings, minutes and discussion are open to all'), ('membres', 'Members only: meetings, minutes and discussion are for the members')], default='public', help_text="The committee's page, its description, its plan items and how to join stay public in any case.", max_length=8, verbose_name='who sees its content')),
                        ('sort_order', models.PositiveIntegerField(default=0, verbose_name='order')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='committees', to='cms.organisationpage', verbose_name='organisation')),
                    ],
                    options={
                        'verbose_name': 'committee',
                        'verbose_name_plural': 'committees',
                        'ordering': ['organisation', 'sort_order', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='CommitteePlanItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('relation', models.CharField(choices=[('pilote', 'Pilots'), ('suit', 'Follows')], default='pilote', max_length=8, verbose_name='relation')),
                        ('committee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='plan_links', to='committees.committee', verbose_name='committee')),
                        ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='committee_links', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='plan item')),
                    ],
                    options={
                        'verbose_name': 'plan item of a committee',
                        'verbose_name_plural': 'plan items of a committee',
                        'ordering': ['committee', 'page__path'],
                    },
                ),
                migrations.AddField(
                    model_name='committee',
                    name='plan_items',
                    field=models.ManyToManyField(blank=True, related_name='linked_committees', through='committees.CommitteePlanItem', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='plan items'),
                ),
                migrations.CreateModel(
                    name='Meeting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('starts_at', models.DateTimeField(verbose_name='starts')),
                        ('ends_at', models.DateTimeField(verbose_name='ends')),
                        ('place', models.CharField(blank=True, help_text='A room and an address, as people will look for it.', max_length=255, verbose_name='place')),
                        ('online_url', models.URLField(blank=True, max_length=500, verbose_name='online meeting link')),
                        ('agenda', models.TextField(blank=True, max_length=5000, verbose_name='agenda')),
                        ('cancelled_at', models.DateTimeField(blank=True, null=True, verbose_name='cancelled on')),
                        ('minutes', models.TextField(blank=True, max_length=50000, verbose_name='minutes')),
                        ('minutes_published_at', models.DateTimeField(blank=True, null=True, verbose_name='minutes published on')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('sequence', models.PositiveIntegerField(default=0, help_text='iCalendar SEQUENCE: raised on each change.')),
                        ('committee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meetings', to='committees.committee', verbose_name='committee')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='scheduled by')),
                        ('minutes_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='minutes by')),
                    ],
                    options={
                        'verbose_name': 'meeting',
                        'verbose_name_plural': 'meetings',
                        'ordering': ['committee', '-starts_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='MeetingAttendance',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('answer', models.CharField(blank=True, choices=[('oui', 'I will come'), ('peut_etre', 'Maybe'), ('non', 'I cannot come')], max_length=10, verbose_name='answer')),
                        ('present', models.BooleanField(blank=True, null=True, verbose_name='present')),
                        ('answered_at', models.DateTimeField(auto_now=True)),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendances', to='committees.meeting', verbose_name='meeting')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meeting_answers', to=settings.AUTH_USER_MODEL, verbose_name='person')),
                    ],
                    options={
                        'verbose_name': 'attendance',
                        'verbose_name_plural': 'attendance',
                    },
                ),
                migrations.CreateModel(
                    name='MeetingDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(upload_to=committees.models.meeting_document_path, verbose_name='file')),
                        ('name', models.CharField(max_length=150, verbose_name='name')),
                        ('content_type', models.CharField(max_length=100)),
                        ('size', models.PositiveIntegerField(default=0)),
                        ('added_at', models.DateTimeField(auto_now_add=True)),
                        ('added_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='committees.meeting', verbose_name='meeting')),
                    ],
                    options={
                        'verbose_name': 'meeting document',
                        'verbose_name_plural': 'meeting documents',
                        'ordering': ['meeting', 'added_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='CommitteeMember',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('membre', 'Member'), ('animateur', 'Animator'), ('secretaire', 'Secretary')], default='membre', max_length=12, verbose_name='role')),
                        ('status', models.CharField(choices=[('pending', 'Awaiting an answer'), ('accepted', 'Member'), ('declined', 'Declined')], default='accepted', max_length=10, verbose_name='status')),
                        ('listed', models.BooleanField(default=False, help_text='Without your consent, you are counted but your name is not shown.', verbose_name='show my name in the public list of members')),
                        ('message', models.TextField(blank=True, max_length=1000, verbose_name='message')),
                        ('answer', models.TextField(blank=True, max_length=1000, verbose_name='answer')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='answered on')),
                        ('joined_at', models.DateTimeField(auto_now_add=True, verbose_name='since')),
                        ('committee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='members', to='committees.committee', verbose_name='committee')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='answered by')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='committee_seats', to=settings.AUTH_USER_MODEL, verbose_name='person')),
                    ],
                    options={
                        'verbose_name': 'committee member',
                        'verbose_name_plural': 'committee members',
                        'ordering': ['committee', 'role', 'joined_at'],
                        'constraints': [models.UniqueConstraint(fields=('committee', 'user'), name='one_seat_per_committee')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='committeeplanitem',
                    constraint=models.UniqueConstraint(fields=('committee', 'page'), name='one_link_per_committee_and_page'),
                ),
                migrations.AddConstraint(
                    model_name='committee',
                    constraint=models.UniqueConstraint(fields=('organisation', 'slug'), name='unique_committee_slug_per_organisation'),
                ),
                migrations.AddIndex(
                    model_name='meeting',
                    index=models.Index(fields=['committee', 'starts_at'], name='meeting_dates'),
                ),
                migrations.AddConstraint(
                    model_name='meeting',
                    constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='meeting_ends_after_start', violation_error_message='The meeting must end after it starts.'),
                ),
                migrations.AddConstraint(
                    model_name='meetingattendance',
                    constraint=models.UniqueConstraint(fields=('meeting', 'user'), name='one_attendance_per_meeting'),
                ),
            migrations.AlterModelTable(name='committee', table='participation_committee'),
            migrations.AlterModelTable(name='committeeplanitem', table='participation_committeeplanitem'),
            migrations.AlterModelTable(name='committeemember', table='participation_committeemember'),
            migrations.AlterModelTable(name='meeting', table='participation_meeting'),
            migrations.AlterModelTable(name='meetingattendance', table='participation_meetingattendance'),
            migrations.AlterModelTable(name='meetingdocument', table='participation_meetingdocument'),
        ], database_operations=[]),
    ]

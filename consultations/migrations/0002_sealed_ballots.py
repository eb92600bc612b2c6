"""Secret ballots sealed until the count (docs/voting-security.md).

Besides the schema, what was already recorded is brought under the new rules:

- receipt codes kept in sessions (database and cache) are removed;
- a batch's ballots become its `ballots_entered` count, and its signatures
  its signatures of people without an account (nobody was named before);
- the plain ballots of secret consultations are taken out of the voters'
  order: those of a closed vote are rewritten in a random order, with new
  ids, and marked counted; those of a vote not closed yet go into a sealed
  box. Their old receipt handles, made from the voter's id and a code that
  sessions kept, are dropped: those codes no longer check or change a ballot.
"""

import secrets
import uuid

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

RECEIPTS_SESSION_KEY = "consultation-receipts"


def batches_count_their_ballots(apps, schema_editor):
    PaperBatch = apps.get_model("consultations", "PaperBatch")
    for batch in PaperBatch.objects.all():
        batch.ballots_entered = batch.ballots.count()
        batch.unnamed_signatures = batch.signatures
        batch.save(update_fields=["ballots_entered", "unnamed_signatures"])


def sessions_forget_receipts(apps, schema_editor):
    from importlib import import_module

    from django.core.cache import caches

    Session = apps.get_model("sessions", "Session")
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session in Session.objects.filter(session_data__isnull=False).iterator():
        data = store().decode(session.session_data)
        if RECEIPTS_SESSION_KEY not in data:
            continue
        del data[RECEIPTS_SESSION_KEY]
        session.session_data = store().encode(data)
        session.save(update_fields=["session_data"])
        # The cached copy (cached_db sessions) would still hold them.
        cache_prefix = getattr(store, "cache_key_prefix", None)
        if cache_prefix:
            caches[settings.SESSION_CACHE_ALIAS].delete(cache_prefix + session.session_key)


def secret_ballots_out_of_order(apps, schema_editor):
    from consultations.ballot_box import BoxState, box_pack, box_size
    from consultations.sealing import BallotKeys, ballot_pack, envelope_size
    from consultations.tally import NO_CHANNEL, Line, Tally, TallyLayout

    Consultation = apps.get_model("consultations", "Consultation")
    Ballot = apps.get_model("consultations", "Ballot")
    Answer = apps.get_model("consultations", "Answer")
    SealedBallot = apps.get_model("consultations", "SealedBallot")
    BallotBox = apps.get_model("consultations", "BallotBox")
    now = timezone.now()
    shuffle = secrets.SystemRandom().shuffle
    for consultation in Consultation.objects.filter(secret=True, counted_at__isnull=True):
        ballots = list(Ballot.objects.filter(consultation=consultation).prefetch_related("answers"))
        if not ballots:
            continue
        contents = [[Line(a.question_id, a.option_id, a.value, a.rank) for a in ballot.answers.all()]
                    for ballot in ballots]
        exclusive = {(a.question_id, a.option_id, a.value): a.exclusive for b in ballots for a in b.answers.all()}
        Answer.objects.filter(ballot__consultation=consultation).delete()
        Ballot.objects.filter(consultation=consultation).delete()
        shuffle(contents)
        if consultation.closes_at <= now:
            new = [Ballot(id=uuid.uuid4(), consultation=consultation, channel=NO_CHANNEL) for _ in contents]
            Ballot.objects.bulk_create(new)
            Answer.objects.bulk_create(
                Answer(id=uuid.uuid4(), ballot=ballot, question_id=line.question, option_id=line.option,
                       value=line.value, rank=line.rank,
                       exclusive=exclusive[line.question, line.option, line.value])
                for ballot, lines in zip(new, contents) for line in lines)
            consultation.counted_at = now
            consultation.save(update_fields=["counted_at"])
            continue
        questions = list(consultation.questions.prefetch_related("options").order_by("position", "pk"))
        keys = BallotKeys(consultation.pk, consultation.created_at)
        size = envelope_size(questions)
        by_id = {question.pk: question for question in questions}
        running = Tally()
        for lines in contents:
            running.add(by_id, lines, channel=NO_CHANNEL)
        SealedBallot.objects.bulk_create(
            SealedBallot(id=uuid.uuid4(), consultation=consultation, envelope=keys.seal(ballot_pack(None, lines), size))
            for lines in contents)
        layout = TallyLayout(questions)
        state = BoxState(ballots=len(contents), running=running, shown=(len(contents), running.copy()))
        BallotBox.objects.create(consultation=consultation, envelope=keys.seal(box_pack(state, layout),
                                                                               box_size(layout)))


class Migration(migrations.Migration):

    dependencies = [
        ('consultations', '0001_initial'),
        ('sessions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='BallotBox',
            fields=[
                ('consultation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='box', serialize=False, to='consultations.consultation')),
                ('envelope', models.BinaryField()),
            ],
            options={
                'verbose_name': 'ballot box',
                'verbose_name_plural': 'ballot boxes',
            },
        ),
        migrations.CreateModel(
            name='SealedBallot',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('lookup', models.CharField(blank=True, max_length=64, null=True, unique=True)),
                ('envelope', models.BinaryField()),
            ],
            options={
                'verbose_name': 'sealed ballot',
                'verbose_name_plural': 'sealed ballots',
            },
        ),
        migrations.AddField(
            model_name='consultation',
            name='counted_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='counted'),
        ),
        migrations.AddField(
            model_name='consultation',
            name='live_step',
            field=models.PositiveSmallIntegerField(default=5, help_text='Secret ballot with live results: the results shown change only once at least this many new ballots are in, and always leave out at least this many of the latest ones, so that nobody can work out a vote by comparing two updates.', validators=[django.core.validators.MinValueValidator(3), django.core.validators.MaxValueValidator(1000)], verbose_name='ballots per live update'),
        ),
        migrations.AddField(
            model_name='paperbatch',
            name='ballots_entered',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='paperbatch',
            name='unnamed_signatures',
            field=models.PositiveIntegerField(default=0, help_text='People who signed the paper register but have no account on the site.', verbose_name='signatures of people without an account'),
        ),
        migrations.AddField(
            model_name='voterrecord',
            name='batch',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='signers', to='consultations.paperbatch'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='action',
            field=models.CharField(choices=[('creation', 'created'), ('modification', 'changed'), ('questions', 'changed the questions'), ('ouverture', 'opened'), ('programmation', 'scheduled'), ('cloture', 'closed'), ('suppression', 'deleted'), ('bulletin_papier', 'entered a named paper ballot'), ('lot_papier', 'entered a batch of paper ballots'), ('emargement', 'entered signatures of a paper batch'), ('depouillement', 'counted the secret ballots')], max_length=16),
        ),
        migrations.AlterField(
            model_name='ballot',
            name='channel',
            field=models.CharField(blank=True, choices=[('en_ligne', 'Online'), ('papier', 'On paper')], default='en_ligne', max_length=8),
        ),
        migrations.AddConstraint(
            model_name='paperbatch',
            constraint=models.CheckConstraint(condition=models.Q(('ballots_entered__gte', 0)), name='paper_batch_ballots_entered'),
        ),
        migrations.AddField(
            model_name='sealedballot',
            name='consultation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sealed_ballots', to='consultations.consultation'),
        ),
        migrations.RunPython(batches_count_their_ballots, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='ballot',
            name='batch',
        ),
        migrations.RemoveField(
            model_name='paperbatch',
            name='signatures',
        ),
        migrations.RunPython(sessions_forget_receipts, migrations.RunPython.noop),
        migrations.RunPython(secret_ballots_out_of_order, migrations.RunPython.noop),
    ]

"""The comités moved to their own app (committees/): the foreign key now names
committees.Committee. The table is the same (renamed by committees 0002):
nothing changes in the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('committees', '0001_initial'),
        ('consultations', '0002_sealed_ballots'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
                migrations.AlterField(
                    model_name='consultation',
                    name='committee',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='consultations', to='committees.committee', verbose_name='committee running it'),
                ),
        ], database_operations=[]),
    ]

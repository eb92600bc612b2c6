"""The comités moved to their own app (committees/): the foreign key now names
committees.Committee. The table is the same (renamed by committees 0002):
nothing changes in the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('committees', '0001_initial'),
        ('projects', '0003_drafts_need_a_title_only'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
                migrations.AlterField(
                    model_name='project',
                    name='committee',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='projects', to='committees.committee', verbose_name='committee in charge'),
                ),
        ], database_operations=[]),
    ]

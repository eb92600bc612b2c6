"""The domains of competence partners offer and projects ask for: the ones
the seed plans name (aide juridique, numérique, linguistique…) and the
themes of the cooperation's groups (alimentation, mobilité, culture…).
Administrators add more from the Wagtail admin."""

from django.db import migrations

DOMAINS = [
    ("aide-juridique", "Aide juridique"),
    ("numerique", "Numérique"),
    ("linguistique", "Linguistique"),
    ("alimentation", "Alimentation"),
    ("culture", "Culture"),
    ("mobilite", "Mobilité"),
    ("jeunesse", "Jeunesse"),
    ("parentalite", "Parentalité"),
    ("emploi-insertion", "Emploi et insertion"),
    ("sante", "Santé"),
    ("logement", "Logement"),
    ("environnement", "Environnement"),
    ("sport-loisirs", "Sport et loisirs"),
    ("financement", "Financement"),
    ("communication", "Communication"),
]


def add_domains(apps, schema_editor):
    Domain = apps.get_model("projects", "Domain")
    for order, (slug, name) in enumerate(DOMAINS):
        Domain.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})


def remove_domains(apps, schema_editor):
    apps.get_model("projects", "Domain").objects.filter(slug__in=[slug for slug, __ in DOMAINS]).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(add_domains, remove_domains)]

"""The publics and domains every plan starts with: those of the CAF's
"volet familles" and of the SENACS questionnaire's actions by domain."""

from django.db import migrations

PUBLICS = [
    ("familles", "Familles", True), ("petite-enfance", "Petite enfance", True), ("enfance", "Enfance", True),
    ("jeunesse", "Jeunesse", True), ("adultes", "Adultes", False), ("seniors", "Seniors", False),
    ("publics-vulnerables", "Publics vulnérables", False), ("tous-publics", "Tous publics", False),
    ("habitants", "Habitants et bénévoles", False), ("salaries", "Salariés et équipe", False),
    ("partenaires", "Partenaires", False),
]
DOMAINS = [
    ("acces-aux-droits", "Accès aux droits", False), ("numerique", "Numérique", False),
    ("culture", "Culture", False), ("parentalite", "Parentalité", True),
    ("accompagnement-scolarite", "Accompagnement à la scolarité", True), ("loisirs", "Loisirs et vacances", False),
    ("insertion-emploi", "Insertion et emploi", False), ("sante", "Santé et bien-être", False),
    ("linguistique", "Apprentissage du français", False), ("logement", "Logement et cadre de vie", False),
    ("environnement", "Environnement et transition écologique", False),
    ("vie-associative", "Vie associative et citoyenneté", False),
    ("participation", "Participation des habitants", False), ("lien-social", "Lien social et lutte contre l'isolement", False),
    ("gouvernance", "Gouvernance et pilotage", False), ("partenariat", "Partenariats", False),
    ("communication", "Communication", False), ("mobilite", "Mobilité", False),
]


def seed(apps, schema_editor):
    ActionTag = apps.get_model("cms", "ActionTag")
    for kind, rows in (("public", PUBLICS), ("domain", DOMAINS)):
        for order, (slug, name, families) in enumerate(rows):
            ActionTag.objects.get_or_create(kind=kind, slug=slug, defaults={
                "name": name, "families": families, "sort_order": order})


def unseed(apps, schema_editor):
    apps.get_model("cms", "ActionTag").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_action_tags_and_whole_titles")]
    operations = [migrations.RunPython(seed, unseed)]

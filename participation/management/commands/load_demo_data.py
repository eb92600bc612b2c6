"""Load the five seed organisations and their plans (cms/demo_data/*.yaml).

Idempotent: a second run finds every page again and changes nothing. Also
creates, or reuses, the development administrator and prints its login.
"""

import secrets
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site as DjangoSite
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Site

from cms.models import HomePage
from cms.services import LoadReport, organisation_editors_group, organisation_upsert, plan_upsert

DEMO_DIR = Path(settings.BASE_DIR) / "cms" / "demo_data"
CREDENTIALS_FILE = Path(settings.BASE_DIR) / ".demo-admin-password"
ADMIN_USERNAME = "admin"
DEMO_PASSWORD = "demo-plan-commun"
# (email, display name, organisation, role): every role, and each kind of organisation.
DEMO_ACCOUNTS = [
    ("habitante@demo.plan-commun.local", "Habitante du quartier", "cerise", "habitant"),
    ("benevole@demo.plan-commun.local", "Bénévole de CERISE", "cerise", "benevole"),
    ("conseil@demo.plan-commun.local", "Membre du conseil de maison", "centre-social-municipal", "habitant"),
    ("secretaire@demo.plan-commun.local", "Secrétaire du comité senior", "centre-social-municipal", "benevole"),
    ("partenaire@demo.plan-commun.local", "Partenaire de CERISE", "cerise", "partenaire"),
    ("communication@demo.plan-commun.local", "Chargée de communication", "cerise", "salarie"),
    ("administration@demo.plan-commun.local", "Administratrice de CERISE", "cerise", "administrateur"),
    ("federation@demo.plan-commun.local", "Salarié de la fédération", "federation-hauts-de-seine", "salarie"),
    ("cooperation@demo.plan-commun.local", "Animatrice de la Coopération", "cooperation-trois-lieux", "salarie"),
    ("entraide@demo.plan-commun.local", "Administrateur d'Entraide", "entraide-et-solidarites", "administrateur"),
]
ADMIN_EMAIL = "admin@plan-commun.local"


class Command(BaseCommand):
    help = "Load the demo organisations and plans, and create the development administrator."

    def add_arguments(self, parser):
        parser.add_argument("--no-admin", action="store_true", help="Do not create the administrator account.")
        parser.add_argument("--no-accounts", action="store_true", help="Do not create the demo accounts.")
        parser.add_argument("--host", default="127.0.0.1", help="Host name of the default site.")
        parser.add_argument("--port", type=int, default=8000, help="Port of the default site.")

    def handle(self, *args, **options):
        files = sorted(DEMO_DIR.glob("*.yaml"))
        if not files:
            raise CommandError(f"No demo data in {DEMO_DIR}.")
        with transaction.atomic():
            home = HomePage.objects.first()
            if home is None:
                raise CommandError("No home page: run `manage.py migrate` first.")
            self._sync_sites(home, options["host"], options["port"])
            loaded = [self._load(home, path) for path in files]
        if not options["no_accounts"]:
            self._demo_accounts()
            with transaction.atomic():
                for organisation, data in loaded:
                    self._load_app_data(organisation, data)
        if not options["no_admin"]:
            self._admin()

    def _load(self, home, path: Path):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise CommandError(f"{path.name}: not valid YAML ({error}).") from error
        report = LoadReport()
        organisation = organisation_upsert(home=home, data=data["organisation"], report=report)
        organisation_editors_group(organisation)
        if data.get("plan"):
            plan_upsert(organisation=organisation, data=data["plan"], report=report)
        for config in apps.get_app_configs():
            # What other apps load with the plan itself (the comités), no account needed.
            loader = getattr(config, "demo_structure_load", None)
            if loader is not None:
                loader(organisation=organisation, data=data)
        summary = f"{len(report.created)} created, {len(report.updated)} updated" if report.changed else "unchanged"
        self.stdout.write(f"{path.name}: {organisation.title} ({summary})")
        return organisation, data

    def _load_app_data(self, organisation, data: dict):
        """The other apps load their part of an organisation's demo data
        (projects, partners…) through an app config method, so this command
        knows nothing of them."""
        for config in apps.get_app_configs():
            loader = getattr(config, "demo_data_load", None)
            if loader is not None:
                for line in loader(organisation=organisation, data=data) or []:
                    self.stdout.write(f"  {organisation.title}: {line}")

    def _sync_sites(self, home, host: str, port: int):
        """Keep Wagtail's default site and django.contrib.sites in step, since
        allauth's emails and full URLs use the latter."""
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        site.hostname, site.port, site.root_page, site.site_name = host, port, home, "Plan Commun"
        site.save()
        DjangoSite.objects.update_or_create(
            pk=settings.SITE_ID, defaults={"domain": f"{host}:{port}" if port != 80 else host, "name": "Plan Commun"}
        )

    def _demo_accounts(self):
        """One verified account per role, so a newcomer can try each of them.
        Development data: the password is the same for all and printed."""
        from allauth.account.models import EmailAddress

        from cms.models import OrganisationPage
        from participation.models import Membership, MembershipStatus
        from participation.services import membership_sync_admin_access

        User = get_user_model()
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for email, display_name, organisation_slug, role in DEMO_ACCOUNTS:
            organisation = OrganisationPage.objects.get(slug=organisation_slug)
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    username=email.split("@")[0], email=email, password=DEMO_PASSWORD, display_name=display_name
                )
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            Membership.objects.get_or_create(
                user=user, organisation=organisation, role=role, defaults={"status": MembershipStatus.ACCEPTED}
            )
            membership_sync_admin_access(user=user, organisation=organisation)
            self.stdout.write(f"  {email:42} {display_name} ({organisation.title})")

    @staticmethod
    def _verified_email(user):
        """createsuperuser makes no allauth address: the admin's is verified."""
        from allauth.account.models import EmailAddress

        if user.email and not EmailAddress.objects.filter(user=user).exists():
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    def _admin(self):
        User = get_user_model()
        user = User.objects.filter(username=ADMIN_USERNAME).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_superuser(ADMIN_USERNAME, ADMIN_EMAIL, password, display_name="Administration")
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=user, email=ADMIN_EMAIL, verified=True, primary=True)
            CREDENTIALS_FILE.write_text(password + "\n", encoding="utf-8")
            CREDENTIALS_FILE.chmod(0o600)
        elif CREDENTIALS_FILE.exists():
            password = CREDENTIALS_FILE.read_text(encoding="utf-8").strip()
            self._verified_email(user)
        else:
            password = "(unchanged: reset it with `manage.py changepassword admin`)"
            self._verified_email(user)
        self.stdout.write(self.style.SUCCESS(f"Admin login: {user.email} / {password}  →  /admin/"))

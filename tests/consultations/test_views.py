"""The consultation pages, one allowed and one refused path each, the vote
as a plain form post, results visibility, the CSV and the log."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from consultations import services
from consultations.models import Ballot, Consultation, Method
from tests.participation.conftest import make_user

from .conftest import NOW, box_contents, make_consultation, option_ids

pytestmark = pytest.mark.django_db


def _post_data(consultation):
    data = {}
    for question in consultation.questions.prefetch_related("options"):
        options = [option.pk for option in question.options.all()]
        name = f"q{question.pk}"
        if question.method == Method.YES_NO:
            data[name] = "1"
        elif question.method == Method.SINGLE:
            data[name] = str(options[1])
        elif question.method == Method.MULTIPLE:
            data[name] = [str(options[0]), str(options[2])]
        elif question.method == Method.RANKING:
            data.update({f"{name}_o{options[0]}": "2", f"{name}_o{options[1]}": "1", f"{name}_o{options[2]}": ""})
        elif question.method == Method.MAJORITY:
            data.update({f"{name}_o{options[0]}": "1", f"{name}_o{options[1]}": "5"})
        else:
            data.update({f"{name}_o{options[0]}": "4"})
    return data


def test_anyone_reads_an_open_consultation_and_is_invited_to_sign_in(client, every_method):
    response = client.get(every_method.get_absolute_url())
    assert response.status_code == 200
    assert "Connectez-vous pour voter" in response.content.decode()


def test_a_member_votes_with_the_plain_form(client, every_method, voters):
    client.force_login(voters[0])
    page = client.get(every_method.get_absolute_url()).content.decode()
    assert "Jugement majoritaire" in page and 'name="q' in page
    response = client.post(reverse("consultations:vote", args=[every_method.pk]), _post_data(every_method))
    # The receipt is shown once, on the page that answers the vote, and
    # kept nowhere: not in the session, not in a message, not by the browser.
    assert response.status_code == 200
    page = response.content.decode()
    code = re.search(r"data-receipt>([A-Z0-9-]{14})<", page).group(1)
    assert "Votre code de reçu" in page and "enregistré nulle part" in page
    assert "no-store" in response["Cache-Control"]
    assert code not in str(dict(client.session)) and code not in str(response.cookies)
    assert len(box_contents(every_method)[0]) == 1 + 1 + 2 + 2 + 2 + 1 and not Ballot.objects.exists()
    page = client.get(every_method.get_absolute_url()).content.decode()
    assert "Vous avez voté" in page and code not in page


def test_a_duplicated_rank_is_refused_with_a_message(client, every_method, voters):
    client.force_login(voters[0])
    data = _post_data(every_method)
    ranking = every_method.questions.get(method=Method.RANKING)
    x, y, __ = [option.pk for option in ranking.options.all()]
    data[f"q{ranking.pk}_o{x}"] = data[f"q{ranking.pk}_o{y}"] = "1"
    response = client.post(reverse("consultations:vote", args=[every_method.pk]), data)
    assert response.status_code == 400 and "Donnez chaque rang une seule fois" in response.content.decode()
    assert not Ballot.objects.exists()


def test_an_option_of_another_question_is_refused(client, every_method, voters):
    client.force_login(voters[0])
    data = _post_data(every_method)
    single = every_method.questions.get(method=Method.SINGLE)
    data[f"q{single.pk}"] = str(every_method.questions.get(method=Method.MULTIPLE).options.first().pk)
    response = client.post(reverse("consultations:vote", args=[every_method.pk]), data)
    assert response.status_code == 400 and not Ballot.objects.exists()


def test_an_outsider_is_told_why_they_cannot_vote(client, consultation):
    outsider = make_user("dehors")
    client.force_login(outsider)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Seules les personnes qui se sont déclarées" in page and 'action="/consultations/' not in page.split('id="vote"')[1][:400]
    question, (a, *_rest) = option_ids(consultation)
    response = client.post(reverse("consultations:vote", args=[consultation.pk]), {f"q{question.pk}": a},
                           follow=True)
    assert "Seules les personnes qui se sont déclarées" in response.content.decode() and not Ballot.objects.exists()


def test_results_after_closing_are_hidden_until_then(client, consultation, voters, staff):
    question, (a, *_rest) = option_ids(consultation)
    services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: a})
    client.force_login(staff)
    page = client.get(reverse("consultations:results", args=[consultation.pk])).content.decode()
    assert "seront affichés une fois le vote clos" in page and "<table" not in page
    assert client.get(reverse("consultations:results_csv", args=[consultation.pk])).status_code == 404
    services.consultation_close(consultation=consultation, user=staff)
    page = client.get(reverse("consultations:results", args=[consultation.pk])).content.decode()
    assert "Arrive en tête : A" in page and "<svg" in page and "<table" in page
    csv = client.get(reverse("consultations:results_csv", args=[consultation.pk])).content.decode("utf-8-sig")
    # A secret vote does not split its counts by channel.
    assert csv.splitlines()[1].startswith("Quelle formule ?;A;;;1;100,0\xa0%")


def test_a_voter_checks_their_receipt_by_post_and_only_from_their_account(client, consultation, voters, staff):
    question, (a, *_rest) = option_ids(consultation)
    outcome = services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: a})
    url = reverse("consultations:results", args=[consultation.pk])
    assert "/compte/login/?next=" in client.get(url).content.decode()
    client.force_login(voters[0])
    # While the vote runs: what the sealed ballot says, to its voter only.
    response = client.post(url, {"code": outcome.receipt})
    page = response.content.decode()
    assert "dans l’urne" in page and "<dd>A</dd>" in page and "no-store" in response["Cache-Control"]
    services.consultation_close(consultation=consultation, user=staff)
    page = client.post(url, {"code": outcome.receipt}).content.decode()
    assert "Votre bulletin est dans le décompte" in page and "<dd>A</dd>" in page
    assert "<dd>A</dd>" not in client.get(url, {"code": outcome.receipt}).content.decode()
    client.force_login(voters[1])
    page = client.post(url, {"code": outcome.receipt}).content.decode()
    assert "Aucun de vos bulletins" in page and "<dd>A</dd>" not in page


def test_live_results_show_while_open(client, organisation, staff, voters):
    every_method = make_consultation(organisation, staff, secret=False, results_visibility="direct", questions=(
        ("Classez", Method.RANKING, ["X", "Y", "Z"]), ("Jugez", Method.MAJORITY, ["P", "Q"])))
    client.force_login(voters[0])
    client.post(reverse("consultations:vote", args=[every_method.pk]), _post_data(every_method))
    page = client.get(every_method.get_absolute_url()).content.decode()
    assert "Duels" in page and "Mention majoritaire" in page and 'data-consultation-live="/ws/consultations/' in page


def test_live_results_of_a_secret_vote_wait_for_enough_ballots(client, every_method, voters):
    client.force_login(voters[0])
    client.post(reverse("consultations:vote", args=[every_method.pk]), _post_data(every_method))
    page = client.get(every_method.get_absolute_url()).content.decode()
    assert "Duels" not in page and "à partir de 10 bulletins" in page


def test_a_draft_is_a_404_for_everyone_but_its_managers(client, organisation, staff, voters):
    draft = make_consultation(organisation, staff, open_=False)
    client.force_login(voters[0])
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(staff)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_members_only_committee_consultations_stay_with_members(client, organisation, staff, voters):
    from tests.participation.conftest import make_committee, seat

    private = make_committee(organisation, "Comité famille", visibility="membres")
    consultation = make_consultation(organisation, staff, committee=private)
    client.force_login(voters[0])
    assert client.get(consultation.get_absolute_url()).status_code == 404
    assert consultation.title not in client.get(reverse("consultations:index")).content.decode()
    seat(private, voters[0])
    assert client.get(consultation.get_absolute_url()).status_code == 200


def test_creating_a_consultation_from_the_site(client, organisation, staff, action):
    client.force_login(staff)
    assert client.get(reverse("consultations:create")).status_code == 200
    day = (NOW + timedelta(days=1)).date()
    response = client.post(reverse("consultations:create"), {
        "title": "Repenser le café", "context": "Quelle formule ?", "organisation": organisation.pk,
        "committee": "", "actions": [action.pk], "opens_day": day, "opens_time": "09:00",
        "closes_day": day + timedelta(days=7), "closes_time": "18:00", "eligibility": "organisation",
        "secret": "secret", "results_visibility": "direct", "live_step": "7", "quorum": "3",
    })
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response.url == reverse("consultations:questions", args=[consultation.pk])
    assert consultation.secret and consultation.quorum == 3 and list(consultation.actions.all()) == [action]
    assert consultation.live_step == 7
    response = client.post(reverse("consultations:questions", args=[consultation.pk]), {
        "text": "Quelle formule ?", "method": "jugement_majoritaire", "options": "Café\nCantine\n\nAtelier",
        "min_choices": "1", "score_min": "0", "score_max": "5",
    })
    assert response.status_code == 302
    assert list(consultation.questions.get().options.values_list("label", flat=True)) == ["Café", "Cantine",
                                                                                          "Atelier"]
    response = client.post(reverse("consultations:open", args=[consultation.pk]), {"when": "now"})
    consultation.refresh_from_db()
    assert consultation.is_open()


def test_residents_cannot_reach_the_management_pages(client, consultation, voters):
    client.force_login(voters[0])
    for name in ("edit", "questions", "paper", "delete", "close"):
        assert client.get(reverse(f"consultations:{name}", args=[consultation.pk])).status_code == 403
    for name in ("open", "close"):
        assert client.post(reverse(f"consultations:{name}", args=[consultation.pk])).status_code == 403
    assert client.get(reverse("consultations:create")).status_code == 403
    assert client.get(reverse("consultations:log")).status_code == 403


def test_closing_asks_first(client, consultation, staff):
    client.force_login(staff)
    url = reverse("consultations:close", args=[consultation.pk])
    page = client.get(url).content.decode()
    assert "ne pourra être annulé" in page or "irréversible" in page
    consultation.refresh_from_db()
    assert consultation.is_open()
    assert client.post(url).url == reverse("consultations:results", args=[consultation.pk])
    consultation.refresh_from_db()
    assert consultation.is_closed()


def test_the_log_is_shown_to_staff(client, consultation, staff):
    client.force_login(staff)
    page = client.get(reverse("consultations:log")).content.decode()
    assert "Le café Reflets" in page and "a ouvert le vote" in page and "a créé" in page


def test_paper_pages_for_staff(client, consultation, staff, voters):
    client.force_login(staff)
    question, (a, *_rest) = option_ids(consultation)
    response = client.post(reverse("consultations:paper", args=[consultation.pk]), {
        "step": "named", "named-person": voters[0].email, f"named-q{question.pk}": a})
    assert response.status_code == 302 and len(box_contents(consultation)) == 1
    response = client.post(reverse("consultations:paper", args=[consultation.pk]), {
        "step": "batch", "batch-signers": f"{voters[1].display_name}\nPersonne Inconnue\n", "batch-note": "Accueil",
        "batch-unnamed_signatures": "1"})
    # Every unknown line named, with its number; nothing written.
    assert response.status_code == 200 and "Ligne 2" in response.content.decode()
    assert not consultation.paper_batches.exists()
    response = client.post(reverse("consultations:paper", args=[consultation.pk]), {
        "step": "batch", "batch-signers": voters[1].email, "batch-unnamed_signatures": "1",
        "batch-note": "Accueil, samedi"})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert voters[1].display_name in page and "0 bulletin saisi pour 2 signatures" in page
    response = client.post(response.url, {"step": "ballot", f"q{question.pk}": a})
    assert response.status_code == 302 and len(box_contents(consultation)) == 2
    # The signer can no longer vote online.
    client.force_login(voters[1])
    client.post(reverse("consultations:vote", args=[consultation.pk]), {f"q{question.pk}": a})
    assert len(box_contents(consultation)) == 2


def test_the_action_page_lists_its_consultations(client, every_method, action):
    page = client.get(action.url).content.decode()
    assert every_method.title in page and every_method.get_absolute_url() in page


def test_a_voter_is_offered_their_vote_on_the_action_page_not_a_new_one(client, every_method, action, voters):
    services.ballot_cast(consultation=every_method, user=voters[0], answers={})
    vote_button = f'href="{every_method.get_absolute_url()}#vote" class="button"'
    client.force_login(voters[0])
    page = client.get(action.url).content.decode()
    assert "Vous avez voté." in page and f'{every_method.get_absolute_url()}#my-vote' in page
    assert vote_button not in page
    client.force_login(voters[1])
    page = client.get(action.url).content.decode()
    assert vote_button in page and "Vous avez voté." not in page


def test_the_committee_page_lists_its_consultations(client, organisation, staff, council):
    consultation = make_consultation(organisation, staff, committee=council)
    page = client.get(council.get_absolute_url()).content.decode()
    assert consultation.title in page


def test_the_counting_rules_page(client):
    assert "Schulze" in client.get(reverse("consultations:counting")).content.decode()


def test_a_paper_voter_the_desk_cannot_identify_gets_a_message(client, consultation, staff):
    client.force_login(staff)
    question, (a, *_rest) = option_ids(consultation)
    response = client.post(reverse("consultations:paper", args=[consultation.pk]), {
        "step": "named", "named-person": "personne-inconnue@example.org", f"named-q{question.pk}": a})
    assert response.status_code == 200
    assert "Aucun compte n’utilise le nom ou l’adresse" in response.content.decode()
    assert not Ballot.objects.exists()


def test_score_results_give_the_mean_not_a_share(client, organisation, staff, voters):
    consultation = make_consultation(organisation, staff, questions=(("Notez l'accueil", Method.SCORE, ["Accueil"]),))
    question = consultation.questions.get()
    option = question.options.get()
    for voter, score in zip(voters, (4, 5)):
        services.ballot_cast(consultation=consultation, user=voter, answers={question.pk: {option.pk: score}})
    services.consultation_close(consultation=consultation, user=staff)
    client.force_login(staff)
    csv = client.get(reverse("consultations:results_csv", args=[consultation.pk])).content.decode("utf-8-sig")
    assert csv.splitlines()[1] == "Notez l'accueil;Accueil;;;2;;moyenne 4,50 (0 : 0, 1 : 0, 2 : 0, 3 : 0, 4 : 1, 5 : 1)"
    page = client.get(reverse("consultations:results", args=[consultation.pk])).content.decode()
    assert 'width="90.0"' in page  # the bar: a mean of 4.5 out of 0 to 5


def test_the_ballot_and_the_questions_page_say_how_many_choices(client, organisation, staff, voters):
    consultation = make_consultation(organisation, staff, open_=False,
                                     questions=(("Des ateliers", Method.MULTIPLE, ["A", "B", "C"]),))
    question = consultation.questions.get()
    services.question_save(consultation=consultation, user=staff, question=question, text=question.text,
                           method=Method.MULTIPLE, min_choices=1, max_choices=2, labels=["A", "B", "C"])
    client.force_login(staff)
    assert "1 à 2 choix" in client.get(reverse("consultations:questions", args=[consultation.pk])).content.decode()
    services.consultation_open(consultation=consultation, user=staff, immediately=True)
    client.force_login(voters[0])
    assert "Choisissez de 1 à 2 options." in client.get(consultation.get_absolute_url()).content.decode()


def test_the_counting_page_says_how_figures_are_rounded_and_ballots_kept_secret(client, db):
    page = client.get(reverse("consultations:counting")).content.decode()
    assert "9,666… s’affiche 9,67" in page and "16,65 % s’affiche 16,7 %" in page
    assert "scellé dans l’urne" in page and "mélangés" in page and "par groupes de bulletins" in page


# From the attack of the secret ballots (docs/voting-security.md)


def _check(client, consultation, code):
    return client.post(reverse("consultations:results", args=[consultation.pk]), {"code": code})


@pytest.mark.parametrize("counted", [False, True], ids=["in the box", "counted"])
def test_a_receipt_check_answers_in_the_same_number_of_bytes_whatever_the_ballot(
        client, organisation, staff, counted):
    """The size of a response is in every access log, beside the address
    that voted: it must not tell the ballot."""
    from .conftest import member_of

    consultation = make_consultation(organisation, staff, questions=(
        ("Pour ?", Method.YES_NO, []), ("Couleur", Method.SINGLE, ["Vert", "Rouge profond et sombre"]),
        ("Notez", Method.MAJORITY, ["Café", "Cantine"])))
    yes_no, single, majority = consultation.questions.order_by("position")
    colours = [option.pk for option in single.options.all()]
    grades = [option.pk for option in majority.options.all()]
    ballots = [{yes_no.pk: 1, single.pk: colours[0], majority.pk: {grades[0]: 0}},
               {yes_no.pk: -1, single.pk: colours[1], majority.pk: {grades[0]: 6, grades[1]: 3}},
               {yes_no.pk: 0}, {}]
    people = []
    for answers in ballots:
        voter = member_of(organisation)
        people.append((voter, services.ballot_cast(consultation=consultation, user=voter, answers=answers).receipt))
    if counted:
        services.consultation_close(consultation=consultation, user=staff)
    sizes = set()
    for voter, code in people:
        client.force_login(voter)
        response = _check(client, consultation, code)
        assert "Il dit" in response.content.decode()
        sizes.add(len(response.content) - len(voter.display_name.encode()) * response.content.decode().count(
            voter.display_name))
    client.force_login(people[0][0])
    wrong = _check(client, consultation, "AAAA-BBBB-CCCC")
    assert "Aucun de vos bulletins" in wrong.content.decode()
    sizes.add(len(wrong.content) - len(people[0][0].display_name.encode()) * wrong.content.decode().count(
        people[0][0].display_name))
    assert len(sizes) == 1, sizes


def test_a_counted_ballot_is_never_looked_up_alone(client, consultation, voters, staff,
                                                   django_assert_max_num_queries):
    """With every SQL statement logged, the check must not name the ballot's
    handle beside the voter's request: the counted ballots are read whole."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from consultations.sealing import keys_of

    question, (a, b, __) = option_ids(consultation)
    code = services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: a}).receipt
    services.ballot_cast(consultation=consultation, user=voters[1], answers={question.pk: b})
    services.consultation_close(consultation=consultation, user=staff)
    consultation.refresh_from_db()
    handle = keys_of(consultation).receipt(voters[0].pk, code)
    client.force_login(voters[0])
    with CaptureQueriesContext(connection) as captured:
        assert "<dd>A</dd>" in _check(client, consultation, code).content.decode()
    assert not any(handle in query["sql"] for query in captured.captured_queries)


def test_counted_paper_ballots_have_a_handle_like_the_others(consultation, voters, staff):
    question, (a, *_rest) = option_ids(consultation)
    services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: a})
    services.paper_ballot_enter(consultation=consultation, user=staff, voter=voters[1], answers={question.pk: a})
    batch = services.paper_batch_create(consultation=consultation, user=staff, unnamed_signatures=1)
    services.paper_batch_ballot_add(batch=batch, user=staff, answers={question.pk: a})
    services.consultation_close(consultation=consultation, user=staff)
    handles = list(Ballot.objects.values_list("receipt_hash", flat=True))
    assert len(handles) == 3 and all(re.fullmatch(r"[0-9a-f]{64}", handle) for handle in handles)


def test_a_ballot_sent_twice_shows_its_receipt_again(client, consultation, voters):
    """A double click or a reload: the first counted, the second shows the
    same code, which the form itself carried (the server keeps it nowhere)."""
    question, (a, *_rest) = option_ids(consultation)
    client.force_login(voters[0])
    page = client.get(consultation.get_absolute_url())
    assert "no-store" in page["Cache-Control"]
    code = re.search(r'name="new_receipt" value="([A-Z0-9-]{14})"', page.content.decode()).group(1)
    url = reverse("consultations:vote", args=[consultation.pk])
    first = client.post(url, {f"q{question.pk}": a, "new_receipt": code})
    again = client.post(url, {f"q{question.pk}": a, "new_receipt": code})
    for response in (first, again):
        assert response.status_code == 200 and f"data-receipt>{code}<" in response.content.decode()
    assert len(box_contents(consultation)) == 1
    # Another voter whose form carried the same code gets a ballot of their
    # own under it: the handles are of the code and the voter.
    client.force_login(voters[1])
    __, (a, b, __) = option_ids(consultation)
    client.post(url, {f"q{question.pk}": b, "new_receipt": code})
    assert "<dd>B</dd>" in _check(client, consultation, code).content.decode()
    client.force_login(voters[0])
    assert "<dd>A</dd>" in _check(client, consultation, code).content.decode()


def test_a_paper_ballot_sent_twice_is_counted_once(client, consultation, staff):
    question, (a, *_rest) = option_ids(consultation)
    batch = services.paper_batch_create(consultation=consultation, user=staff, unnamed_signatures=3)
    client.force_login(staff)
    url = reverse("consultations:batch", args=[consultation.pk, batch.pk])
    entry = re.search(r'name="entry" value="([^"]+)"', client.get(url).content.decode()).group(1)
    for _attempt in range(2):
        client.post(url, {"step": "ballot", f"q{question.pk}": a, "entry": entry})
    batch.refresh_from_db()
    assert batch.ballots_entered == 1 and len(box_contents(consultation)) == 1


def test_settings_save_once_people_voted_when_only_open_fields_change(client, organisation, staff, voters):
    consultation = make_consultation(organisation, staff, open_=False)
    consultation = services.consultation_open(consultation=consultation, user=staff, immediately=True)
    question, (a, *_rest) = option_ids(consultation)
    services.ballot_cast(consultation=consultation, user=voters[0], answers={question.pk: a})
    client.force_login(staff)
    url = reverse("consultations:edit", args=[consultation.pk])
    form = client.get(url).context["form"]
    data = {name: field.value() for name, field in ((n, form[n]) for n in form.fields) if field.value() is not None}
    data.update(title="Le café, autrement", actions=[], changes_allowed="" )
    data = {key: ("on" if value is True else value) for key, value in data.items() if value is not False}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    consultation.refresh_from_db()
    assert consultation.title == "Le café, autrement"


@pytest.mark.parametrize("query", ["?comite=²", "?comite=99999999999999999999999"])
def test_odd_numbers_in_addresses_are_ignored_not_an_error(client, staff, query):
    client.force_login(staff)
    assert client.get(reverse("consultations:create") + query).status_code == 200
    assert client.get(reverse("consultations:log") + query.replace("comite", "consultation")).status_code == 200

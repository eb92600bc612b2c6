"""Results as people read them: one table per question (with the online and
paper counts where the method counts choices), the winners by name, and the
figures the SVG charts draw. Built from the cached counts at each request."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import counting
from .forms import GRADE_LABELS, YES_NO_LABELS
from .models import Method, VoteChannel


def rounded(value: Fraction, places: int) -> str:
    """An exact fraction rounded half up (away from zero) to `places`
    decimals, in the French way: 29/3 gives "9,67", never the "9,66" that
    cutting the digits (as Django's number_format does) would give."""
    value = Fraction(value)
    step = Decimal(1).scaleb(-places)
    number = Decimal(abs(value.numerator)) / Decimal(value.denominator)
    number = number.quantize(step, ROUND_HALF_UP)
    return number_format(-number if value < 0 else number, places)


def percent(share) -> str:
    """A share as a French percentage, rounded half up to one decimal."""
    if share is None:
        return ""
    # A no-break space: "33,3" and "%" never part at the end of a line.
    return (_("%(number)s %%") % {"number": rounded(Fraction(share) * 100, 1)}).replace(" ", "\u00a0")


@dataclass
class Line:
    label: str
    total: int
    share: Fraction | None = None
    online: int | None = None
    paper: int | None = None
    detail: str = ""
    winner: bool = False
    place: int | None = None  # ranking and majority judgment
    mean: str = ""  # score
    # Bar length when it is not the share (a score's mean within its range).
    bar_share: Fraction | None = None

    @property
    def percent(self) -> str:
        return percent(self.share)

    @property
    def bar(self) -> str:
        """Bar length in % of the chart width."""
        share = self.bar_share if self.bar_share is not None else self.share
        return f"{float(share or 0) * 100:.1f}"


@dataclass
class QuestionRows:
    question_id: int
    text: str
    method: str
    method_label: str
    lines: list[Line]
    winners: list[str]
    outcome: str
    ballots: int
    blank: int
    by_channel: bool = False
    grades: list[str] = field(default_factory=list)
    merits: list = field(default_factory=list)      # majority judgment: (label, [(count, share)], grade, gauge)
    matrix: list = field(default_factory=list)      # Schulze: (label, [cells]) with d[i][j]
    matrix_labels: list[str] = field(default_factory=list)

    def csv_lines(self):
        """Option; online; on paper; total; share; detail. The methods that
        place options rather than count them leave the counts empty and give
        the place and what decided it in the detail."""
        for index, line in enumerate(self.lines):
            if self.method == Method.MAJORITY:
                label, cells, grade, _gauge, place = self.merits[index]
                counts = ", ".join(f"{name}: {count}" for name, (count, _share) in zip(self.grades, cells))
                yield [label, "", "", "", "", _("place %(place)s; majority grade: %(grade)s; %(counts)s")
                       % {"place": place, "grade": grade, "counts": counts}]
            elif self.method == Method.RANKING:
                yield [line.label, "", "", "", "", line.detail]
            else:
                yield [line.label, "" if line.online is None else line.online,
                       "" if line.paper is None else line.paper, line.total, line.percent, line.detail]
        yield [_("Blank"), "", "", self.blank, "", ""]


def results_rows(results) -> list[QuestionRows]:
    rows = [_rows(item) for item in results.questions]
    if not results.channels_split:
        for row in rows:
            row.by_channel = False
            for line in row.lines:
                line.online = line.paper = None
    return rows


def _channels(item, key) -> tuple[int, int]:
    counts = item.by_channel.get(key, {})
    return counts.get(VoteChannel.ONLINE, 0), counts.get(VoteChannel.PAPER, 0)


def _rows(item) -> QuestionRows:
    question, result, labels = item.question, item.result, item.labels
    common = {"question_id": question.pk, "text": question.text, "method": question.method,
              "method_label": Method(question.method).label}
    if question.method == Method.YES_NO:
        return _yes_no(item, result, common)
    if question.method in (Method.SINGLE, Method.MULTIPLE):
        lines = []
        for tally in result.tallies:
            online, paper = _channels(item, tally.key)
            lines.append(Line(label=labels[tally.key], total=tally.count, share=tally.share, online=online,
                              paper=paper, winner=tally.key in result.winners))
        return QuestionRows(**common, lines=lines, winners=[labels[key] for key in result.winners],
                            outcome=_winners_text([labels[key] for key in result.winners]), ballots=result.ballots,
                            blank=result.blank, by_channel=True)
    if question.method == Method.RANKING:
        return _schulze(result, labels, common)
    if question.method == Method.MAJORITY:
        return _majority(result, labels, common)
    return _score(result, labels, common)


def _yes_no(item, result, common) -> QuestionRows:
    lines = []
    for tally in result.tallies:
        online, paper = _channels(item, tally.key)
        abstention = tally.key == counting.ABSTAIN
        lines.append(Line(label=str(YES_NO_LABELS[tally.key]), total=tally.count,
                          share=None if abstention else tally.share, online=online, paper=paper,
                          detail=_("not counted in the votes expressed") if abstention else "",
                          winner=(tally.key == counting.YES and result.outcome == "adopted")
                          or (tally.key == counting.NO and result.outcome == "rejected")))
    outcome = {"adopted": _("Adopted"), "rejected": _("Rejected"), "tie": _("Tie: not adopted"),
               "none": _("No vote expressed")}[result.outcome]
    return QuestionRows(**common, lines=lines, winners=[], outcome=outcome, ballots=result.expressed,
                        blank=result.blank, by_channel=True)


def _winners_text(names: list[str]) -> str:
    if not names:
        return _("No vote expressed")
    if len(names) == 1:
        return _("Comes first: %(name)s") % {"name": names[0]}
    return _("Tie between: %(names)s") % {"names": ", ".join(names)}


def _schulze(result, labels, common) -> QuestionRows:
    names = [labels[key] for key in result.options]
    place_of = {key: place for place, group in enumerate(result.ranking, 1) for key in group}
    lines = [Line(label=labels[key], total=result.ballots, place=place_of[key],
                  detail=_("place %(place)s") % {"place": place_of[key]}, winner=key in result.winners)
             for group in result.ranking for key in group]
    matrix = [(names[i], list(row)) for i, row in enumerate(result.pairwise)]
    winners = [labels[key] for key in result.winners]
    return QuestionRows(**common, lines=lines, winners=winners, outcome=_winners_text(winners),
                        ballots=result.ballots, blank=result.blank, matrix=matrix, matrix_labels=names)


def _majority(result, labels, common) -> QuestionRows:
    grades = [str(label) for label in GRADE_LABELS]
    merits, lines = [], []
    for merit in result.options:
        grade = grades[merit.majority_grade] if merit.majority_grade is not None else "—"
        gauge = ""
        if merit.sign == "+":
            gauge = _("%(grade)s+ (%(share)s above)") % {"grade": grade, "share": percent(merit.better)}
        elif merit.sign == "-":
            gauge = _("%(grade)s− (%(share)s below)") % {"grade": grade, "share": percent(merit.worse)}
        merits.append((labels[merit.key], list(zip(merit.distribution, merit.shares)), grade, gauge, merit.place))
        lines.append(Line(label=labels[merit.key], total=result.ballots, place=merit.place, detail=grade,
                          winner=merit.key in result.winners))
    winners = [labels[key] for key in result.winners]
    return QuestionRows(**common, lines=lines, winners=winners, outcome=_winners_text(winners),
                        ballots=result.ballots, blank=result.blank, grades=grades, merits=merits)


def _score(result, labels, common) -> QuestionRows:
    lines = []
    for option in result.options:
        mean = "—" if option.mean is None else rounded(option.mean, 2)
        distribution = ", ".join(_("%(option)s: %(answer)s") % {"option": value, "answer": count}
                                 for value, count in option.distribution)
        lines.append(Line(label=labels[option.key], total=option.count, detail=_("mean %(mean)s (%(detail)s)")
                          % {"mean": mean, "detail": distribution}, winner=option.key in result.winners, mean=mean,
                          bar_share=None if option.mean is None else _mean_share(option)))
    winners = [labels[key] for key in result.winners]
    ballots = max((option.count for option in result.options), default=0)
    return QuestionRows(**common, lines=lines, winners=winners, outcome=_winners_text(winners), ballots=ballots,
                        blank=result.blank)


def _mean_share(option) -> Fraction:
    low, high = option.distribution[0][0], option.distribution[-1][0]
    return (option.mean - low) / (high - low) if high > low else Fraction(0)


def _ranked(labels, answers) -> list[str]:
    ranks = {line.option: line.rank for line in answers}
    ranked = sorted((rank, label) for option, label in labels.items() if (rank := ranks.get(option)) is not None)
    return [_("%(rank)s. %(option)s") % {"rank": rank, "option": label} for rank, label in ranked] + [
        _("%(option)s: not ranked") % {"option": label} for option, label in labels.items() if option not in ranks]


def _question_described(question, answers) -> list[str]:
    labels = {option.pk: option.label for option in question.options.all()}
    if not answers:
        return [_("Blank")]
    if question.method == Method.YES_NO:
        return [str(YES_NO_LABELS[answers[0].value])]
    if question.method in (Method.SINGLE, Method.MULTIPLE):
        chosen = {line.option for line in answers}
        return [label for option, label in labels.items() if option in chosen]
    if question.method == Method.RANKING:
        return _ranked(labels, answers)
    given = {line.option: line.value for line in answers}
    if question.method == Method.MAJORITY:
        # An option left without a grade on a ballot that grades others
        # counts as the worst grade (counting.py): the voter reads it so.
        return [_("%(option)s: %(answer)s") % {"option": label, "answer": GRADE_LABELS[given.get(
            option, counting.WORST_GRADE)]} for option, label in labels.items()]
    return [_("%(option)s: %(answer)s") % {"option": label, "answer": given[option]} if option in given
            else _("%(option)s: no score") % {"option": label} for option, label in labels.items()]


def ballot_described(questions, lines) -> list[tuple[str, list[str]]]:
    """What a ballot says, question by question and option by option, in
    words (for its voter checking it with their receipt code)."""
    by_question = {}
    for line in lines:
        by_question.setdefault(line.question, []).append(line)
    return [(question.text, _question_described(question, by_question.get(question.pk, []))) for question in questions]


def _longest(question) -> list[str]:
    """The longest description a ballot can give of the question, option by
    option (an upper bound of any ballot's)."""
    labels = {option.pk: option.label for option in question.options.all()}
    candidates = [[_("Blank")]]
    if question.method == Method.YES_NO:
        candidates += [[str(label)] for label in YES_NO_LABELS.values()]
    elif question.method in (Method.SINGLE, Method.MULTIPLE):
        candidates.append(list(labels.values()))
    elif question.method == Method.RANKING:
        n = len(labels)
        candidates.append([max(_("%(rank)s. %(option)s") % {"rank": n, "option": label},
                               _("%(option)s: not ranked") % {"option": label}, key=_size)
                           for label in labels.values()])
    elif question.method == Method.MAJORITY:
        grade = max((str(label) for label in GRADE_LABELS), key=_size)
        candidates.append([_("%(option)s: %(answer)s") % {"option": label, "answer": grade}
                           for label in labels.values()])
    else:
        score = max((str(value) for value in (question.score_min, question.score_max)), key=_size)
        candidates.append([max(_("%(option)s: %(answer)s") % {"option": label, "answer": score},
                               _("%(option)s: no score") % {"option": label}, key=_size) for label in labels.values()])
    return max(candidates, key=lambda answers: _size(conditional_escape(" · ".join(answers))))


def _size(text) -> int:
    return len(str(text).encode())


RECEIPT_PADDING = "<!--{}-->"


def ballot_check_block(questions, lines, *, counted: bool) -> SafeString:
    """The answer to a receipt check, padded to the same number of bytes
    whatever the ballot says (and whether the code matched): the size of a
    response is in every server's access log, beside the address that voted
    a moment earlier."""
    if lines is None:
        inner = format_html('<div role="status" class="notice notice--warning"><p>{}</p></div>',
                            _("No ballot of yours in this consultation has this receipt code."))
    else:
        intro = _("Your ballot is in the count. It says:") if counted else _(
            "Your ballot is in the box, sealed until the count. It says:")
        inner = _ballot_html(intro, ballot_described(questions, lines))
    longest = _ballot_html(max(_("Your ballot is in the count. It says:"),
                               _("Your ballot is in the box, sealed until the count. It says:"), key=_size),
                           [(question.text, _longest(question)) for question in questions])
    target = _size(longest) + _size(RECEIPT_PADDING.format("")) + 1
    padding = max(1, target - _size(inner) - _size(RECEIPT_PADDING.format("")))
    return mark_safe(inner + RECEIPT_PADDING.format(" " * padding))  # noqa: S308  (escaped above)


def _ballot_html(intro: str, described) -> SafeString:
    rows = format_html_join("", "<dt>{}</dt><dd>{}</dd>", ((question, " · ".join(answers))
                                                            for question, answers in described))
    return format_html('<div role="status" class="notice notice--success"><p>{}</p><dl class="my-ballot">{}</dl>'
                       '<p class="field__help">{}</p></div>', intro, rows,
                       _("This page is not kept by your browser. Close it once read."))

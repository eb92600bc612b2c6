"""From a sheet laid out like seed 004 to the structured plan format.

The rules are those of docs/plan-spreadsheet.md: the header row is found by
its column names, blank hierarchy cells carry down, repeated page headers and
page titles are skipped, and an action's number decides which goal and
objective it belongs to when the sheet gives one.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .readers import Cell, Sheet, SpreadsheetError
from .readers.base import column_letter

HIERARCHY = ("axis", "goal", "objective")
TEXT_COLUMNS = HIERARCHY + ("number", "action", "pilot", "actors", "indicator", "description", "examples", "publics",
                            "domains")
SYNONYMS = {
    "axis": ("axe", "axes", "orientation", "orientations", "finalite", "finalites", "axe strategique"),
    "goal": ("objectif general", "objectifs generaux", "engagement", "engagements", "objectif strategique"),
    "objective": ("objectif operationnel", "objectifs operationnels", "objectif", "objectifs"),
    "number": ("n action", "n", "no", "numero", "numero action", "numero de l action", "num", "n de l action"),
    "action": ("action", "actions", "intitule", "intitule de l action", "fiche action", "libelle"),
    "pilot": ("pilote", "pilote operationnel", "pilotes", "responsable", "referent"),
    "actors": ("acteurs", "acteurs mobilises", "contributeurs", "partenaires", "acteurs concernes"),
    "indicator": ("indicateur", "indicateurs", "indicateur de reussite", "indicateur de resultat",
                  "indicateurs de resultats"),
    "description": ("description",),
    "status": ("statut", "etat"),
    "progress": ("avancement", "avancement %", "progression"),
    "new": ("nouvelle action", "nouveau", "nouvelle"),
    "examples": ("exemples", "exemple"),
    "publics": ("public", "publics", "public cible", "publics cibles", "public vise", "publics vises"),
    "domains": ("domaine", "domaines", "domaine d intervention", "domaines d intervention", "thematique",
                "thematiques", "theme", "themes"),
}
TAG_SEPARATORS = re.compile(r"[,;/\n]+")
LEVEL_LABELS = {
    "axis": ("Axe", "Axes"),
    "goal": ("Objectif général", "Objectifs généraux"),
    "objective": ("Objectif opérationnel", "Objectifs opérationnels"),
    "action": ("Action", "Actions"),
}
STATUSES = {
    "a venir": "planned", "prevue": "planned", "en cours": "in_progress", "realisee": "done", "realise": "done",
    "terminee": "done", "en retard": "late", "abandonnee": "abandoned", "abandonne": "abandoned",
    "upcoming": "planned", "in progress": "in_progress", "done": "done", "late": "late", "abandoned": "abandoned",
}
FURNITURE = ("total", "nbre filtre", "nombre filtre", "maj", "mise a jour")
ACTION_NUMBER = re.compile(r"^\d+(?:\.\d+)*$")
LEVEL_WORD = r"axe|orientation|finalit[eé]|engagement|objectif(?:\s+(?:g[eé]n[eé]ral|op[eé]rationnel|strat[eé]gique))?"
NUMBERED_CELL = re.compile(
    # "Engagement n°3 : …", "Axe 2 – …", "1.2. …", "1.2 …", "1) …"; not "2 ateliers" nor "Projet 2.0 pour tous"
    # (Possessive spaces: "Axe" and 30,000 spaces would otherwise be tried
    # as every split between the two runs, in quadratic time.)
    rf"^(?:(?P<label>{LEVEL_WORD})\s*+)?(?:n\s*+°|no\.?|n\.|#)?\s*+"
    r"(?P<number>\d+(?:\.\d+)*)(?:\.?\s*[:\-–—)]|\.\s|(?<=\d\.\d)\s|(?<=\d\.\d\d)\s)\s*(?P<title>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
MAX_PROBLEMS = 30
NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9%]+")
# Period headers, normalised (possessive spaces: see NUMBERED_CELL).
SEMESTER = re.compile(r"(?:s|semestre)\s*+([12])\s*+(\d{4})|([12])\s*+(?:er|e|eme|nd)?\s*+semestre\s*+(\d{4})")
QUARTER = re.compile(r"(?:t|q|trimestre)\s*+([1-4])\s*+(\d{4})|([1-4])\s*+(?:er|e|eme)?\s*+trimestre\s*+(\d{4})")
YEAR = re.compile(r"(?:annee\s*+)?((?:19|20)\d{2})")


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation: how headers are compared."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().replace("°", " ")
    return " ".join(NOT_ALPHANUMERIC.sub(" ", text).split())


@dataclass(frozen=True)
class Period:
    label: str
    kind: str
    start: datetime.date
    end: datetime.date

    def as_data(self) -> dict:
        return {"label": self.label, "kind": self.kind, "start": self.start.isoformat(), "end": self.end.isoformat()}


def parse_period(header: str) -> Period | None:
    """A period column's header: semesters, quarters or years."""
    text = normalise(header)
    if match := SEMESTER.fullmatch(text):
        half, year = int(match.group(1) or match.group(3)), int(match.group(2) or match.group(4))
        start = datetime.date(year, 1 if half == 1 else 7, 1)
        end = datetime.date(year, 6, 30) if half == 1 else datetime.date(year, 12, 31)
        return Period(f"{'1er' if half == 1 else '2e'} semestre {year}", "semester", start, end)
    if match := QUARTER.fullmatch(text):
        quarter, year = int(match.group(1) or match.group(3)), int(match.group(2) or match.group(4))
        start = datetime.date(year, 3 * quarter - 2, 1)
        end = (datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1))
        return Period(f"T{quarter} {year}", "quarter", start, end - datetime.timedelta(days=1))
    if match := YEAR.fullmatch(text):
        year = int(match.group(1))
        return Period(str(year), "year", datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    return None


@dataclass
class Header:
    row: int  # 0-based index in the sheet
    columns: dict[str, int]
    periods: list[tuple[int, Period]]
    labels: dict[str, str]
    signature: tuple


def find_header(sheet: Sheet) -> Header:
    for index, row in enumerate(sheet.rows):
        columns, periods, labels = {}, [], {}
        for column, cell in enumerate(row):
            if cell.kind not in ("text", "number"):
                continue
            key = normalise(cell.value)
            field_name = next((name for name, words in SYNONYMS.items() if key in words), None)
            if field_name and field_name not in columns:
                columns[field_name] = column
                labels[field_name] = cell.value.strip()
            elif (period := parse_period(cell.value)) is not None:
                periods.append((column, period))
        if "action" in columns and len(columns) + len(periods) >= 2:
            signature = tuple(normalise(cell.value) for cell in row)
            return Header(index, columns, periods, labels, signature)
    raise SpreadsheetError(
        _("No header row found: the sheet needs at least an “Action” column (or “Intitulé”), with the other "
          "columns named as in the documentation."),
        sheet=sheet.name,
    )


@dataclass
class Node:
    level: str
    number: str = ""
    title: str = ""
    parent: "Node | None" = None
    parent_explicit: bool = False
    children: list = field(default_factory=list)
    data: dict = field(default_factory=dict)
    row: int = 0
    prefixes: set = field(default_factory=set)

    def as_item(self, labels: dict) -> dict:
        # A level named without a number takes the one all its actions imply.
        number = self.number or (next(iter(self.prefixes)) if len(self.prefixes) == 1 else "")
        title = self.title or f"{labels[self.level][0]} {number}".strip()
        item = {"type": self.level, "title": title}
        if number:
            item["number"] = number
        if not self.title:
            item["description"] = _("Title not given in the imported sheet.")
        item.update(self.data)
        children = [child.as_item(labels) for child in self.children]
        if children:
            item["children"] = children
        return item


@dataclass
class ParsedSheet:
    data: dict
    warnings: list[str]
    action_count: int


def tag_vocabulary() -> dict[str, dict[str, str]]:
    """{"public": {normalised name or slug: name}, "domain": {…}}: the words
    a sheet may use in its Publics and Domaines columns (cms.ActionTag)."""
    from ..models import ActionTag

    vocabulary: dict[str, dict[str, str]] = {"public": {}, "domain": {}}
    for kind, name, slug in ActionTag.objects.values_list("kind", "name", "slug"):
        words = vocabulary.setdefault(kind, {})
        words[normalise(name)] = name
        words[normalise(slug)] = name
    return vocabulary


class _SheetReader:
    def __init__(self, sheet: Sheet, vocabulary: dict | None = None):
        self.sheet = sheet
        self.vocabulary = vocabulary
        self.header = find_header(sheet)
        self.problems: list[SpreadsheetError] = []
        self.warnings: list[str] = []
        self.nodes: dict[tuple, Node] = {}
        self.roots: list[Node] = []
        self.actions: dict[str, tuple[Node, int]] = {}
        self.action_count = 0
        self.level_words: dict[str, str] = {}
        self.current: dict[str, Node] = {}
        self.filled = False

    # --- cells -----------------------------------------------------------
    def cell(self, row: list[Cell], name: str) -> Cell:
        column = self.header.columns.get(name)
        if column is None or column >= len(row):
            return Cell()
        return row[column]

    def problem(self, message: str, row: int, column: int | None = None):
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(SpreadsheetError(message, sheet=self.sheet.name, row=row + 1, column=column))

    def text(self, row: list[Cell], index: int, name: str) -> str:
        cell = self.cell(row, name)
        column = self.header.columns.get(name)
        if cell.kind == "formula":
            self.problem(_("a formula (%(formula)s): paste the values instead.") % {"formula": cell.value}, index,
                         column)
            return ""
        if cell.kind == "date" and name in TEXT_COLUMNS:
            self.problem(
                _("a date (%(date)s) where text is expected: format the column as text and type the value again.")
                % {"date": cell.value},
                index,
                column,
            )
            return ""
        return cell.value.strip()

    # --- rows ------------------------------------------------------------
    def furniture_rows(self) -> set[int]:
        """Repeated headers, the page titles just above them, totals rows."""
        skipped = set()
        title_cells = set()
        for index in range(self.header.row):
            title_cells |= {normalise(c.value) for c in self.sheet.rows[index] if c.value}
        for index in range(self.header.row + 1, len(self.sheet.rows)):
            row = self.sheet.rows[index]
            values = [normalise(c.value) for c in row if c.value]
            if not values:
                continue
            if tuple(normalise(c.value) for c in row) == self.header.signature or self._is_header_like(row):
                skipped.add(index)
                back = index - 1
                while back > self.header.row and back not in skipped and self._is_page_title(back, title_cells):
                    skipped.add(back)
                    back -= 1
            elif values[0].startswith(FURNITURE) or all(value in title_cells for value in values):
                skipped.add(index)
        return skipped

    def _is_header_like(self, row: list[Cell]) -> bool:
        named = 0
        for column, name in ((c, n) for n, c in self.header.columns.items()):
            if column < len(row) and normalise(row[column].value) in SYNONYMS[name]:
                named += 1
        return named >= max(2, len(self.header.columns) // 2)

    def _is_page_title(self, index: int, title_cells: set) -> bool:
        row = self.sheet.rows[index]
        values = [c for c in row if c.value]
        if not values:
            return True
        first = normalise(values[0].value)
        return first.startswith(FURNITURE) or all(normalise(c.value) in title_cells for c in values) or (
            len(values) == 1 and not self.cell(row, "action").value and not self.cell(row, "number").value
            and normalise(values[0].value) in title_cells
        )

    def run(self) -> "ParsedSheet":
        skipped = self.furniture_rows()
        self.filled = self.fills_every_row(skipped)
        for index in range(self.header.row + 1, len(self.sheet.rows)):
            if index in skipped:
                continue
            row = self.sheet.rows[index]
            if not any(c.value for c in row):
                continue
            self.read_row(index, self.realign(index, row))
        if not self.roots and not self.problems:
            self.problem(_("no row of the plan below the header: nothing to import."), self.header.row)
        if self.problems:
            raise PlanImportError(self.problems)
        return ParsedSheet(self.plan_data(), self.warnings, self.action_count)

    def fills_every_row(self, skipped: set) -> bool:
        """An export writes every hierarchy cell on every row; people leave
        repeated cells blank. Tells which of the two this sheet is."""
        levels = [level for level in HIERARCHY if level in self.header.columns]
        if not levels:
            return False
        rows = [
            self.sheet.rows[i] for i in range(self.header.row + 1, len(self.sheet.rows))
            if i not in skipped and (self.cell(self.sheet.rows[i], "action").value
                                     or self.cell(self.sheet.rows[i], "number").value)
        ]
        return bool(rows) and all(self.cell(row, levels[0]).value for row in rows)

    def realign(self, index: int, row: list[Cell]) -> list[Cell]:
        """Put a row's action number back in its column when a copy or a text
        export moved it one or two cells aside; the cells after it move with
        it when they belong to it. Reported, never silent."""
        column = self.header.columns.get("number")
        if column is None:
            return row
        row = list(row) + [Cell()] * max(0, column + 3 - len(row))

        def is_number(cell):
            return cell.kind in ("text", "number") and "." in cell.value and ACTION_NUMBER.match(cell.value.strip())

        if is_number(row[column]):
            if is_number(row[column + 1]) and row[column + 1].value == row[column].value:
                del row[column + 1]  # the number written twice
                self.realigned(index)
            return row
        found = [p for p in range(max(0, column - 2), column + 3) if p != column and p < len(row) and is_number(row[p])]
        if len(found) != 1:
            return row
        position = found[0]
        if position > column:
            empties = [p for p in range(position) if not row[p].value]
            if len(empties) < position - column:
                return row
            for p in reversed(empties[-(position - column):]):
                del row[p]
        elif row[position + 1].value:
            row[position:position] = [Cell()] * (column - position)  # the whole tail moved left
        else:
            number = row[position]
            row[position] = Cell()
            if row[column].value:  # the action text sits in the number column: the tail moved left by one
                row.insert(column, number)
            else:
                row[column] = number
        self.realigned(index)
        return row

    def realigned(self, index: int):
        self.warnings.append(
            _("Sheet “%(sheet)s”, row %(row)s: cells shifted around the action number were realigned.")
            % {"sheet": self.sheet.name, "row": index + 1}
        )

    def read_row(self, index: int, row: list[Cell]):
        explicit = {}
        for level in HIERARCHY:
            if level in self.header.columns and (value := self.text(row, index, level)):
                explicit[level] = self.split_number(level, value)
        number = self.text(row, index, "number")
        if number and not ACTION_NUMBER.match(number):
            self.problem(_("“%(value)s” is not an action number (like 1.2.3).") % {"value": number}, index,
                         self.header.columns["number"])
            return
        title = self.text(row, index, "action")
        parent = self.place(index, number, explicit)
        node = parent
        while node is not None:
            self.current[node.level] = node
            node = node.parent
        for level in HIERARCHY:  # a level a row skips does not carry on below a new parent
            if level in self.current and self.current[level] is not None and parent is not None:
                if HIERARCHY.index(level) > HIERARCHY.index(parent.level):
                    self.current.pop(level)
        if self.cell(row, "action").kind in ("formula", "date"):
            return  # already reported
        if title or number:
            self.add_action(index, row, number, title, parent)

    def split_number(self, level: str, value: str) -> tuple[str, str]:
        match = NUMBERED_CELL.match(value)
        if not match:
            return "", value
        word = (match.group("label") or "").strip()
        if word and level not in self.level_words:
            self.level_words[level] = word[0].upper() + word[1:]
        return match.group("number"), match.group("title").strip()

    def place(self, index: int, number: str, explicit: dict) -> Node | None:
        """The lowest hierarchy node the row belongs to, creating what is new.

        An explicit cell always names its node: by its own number, else by
        its title, else it titles the untitled node its action number opened.
        A blank cell carries the node above down (in a sheet that leaves
        repeated cells blank) until an upper level changes; an action number
        still opens a new node: action 4.2.1 after actions 4.1.x opens
        objective 4.2. In a sheet that fills every row (an export), a blank
        cell means the plan skips that level."""
        parts = number.split(".") if number else []
        parent, changed = None, False
        for depth, level in enumerate(level for level in HIERARCHY if level in self.header.columns):
            # Axes are not numbered by actions; a goal is the first part of
            # an action number, an objective the first two (action 2.2 names
            # objective 2.2 but only a longer number may open a new one).
            numbered = depth and level != "axis" and len(parts) >= depth
            prefix = ".".join(parts[:depth]) if numbered and len(parts) > depth else None
            cell = explicit.get(level)
            if cell is not None:
                node = self.explicit_node(level, cell, parent, prefix, index)
            elif self.filled:
                node = None
            else:
                node = self.carried_node(level, parent, prefix, index, reset=changed)
            changed = changed or node is not self.current.get(level)
            if node is None:
                continue
            if numbered:
                node.prefixes.add(".".join(parts[:depth]))
            if not node.parent_explicit and self.parent_explicit(level, explicit) and node.parent is not parent:
                self.attach(node, parent, explicit_parent=True)
            parent = node
        return parent

    def explicit_node(self, level: str, cell: tuple, parent: Node | None, prefix: str | None, index: int) -> Node:
        cell_number, title = cell
        if cell_number:
            key = (level, "n", cell_number)
            if key not in self.nodes and (level, "p", cell_number) in self.nodes:
                self.nodes[key] = self.nodes[(level, "p", cell_number)]  # opened by an action number
        else:
            key = (level, "t", id(parent), title)
            opened = self.nodes.get((level, "p", prefix)) if prefix else None
            if key not in self.nodes and opened is not None and not opened.title:
                opened.title = title
                self.nodes[key] = opened
        node = self.nodes.get(key)
        if node is None:
            node = self.new_node(key, level, cell_number, title, parent, index, explicit_parent=True)
        elif title and not node.title:
            node.title = title
        return node

    def carried_node(self, level: str, parent: Node | None, prefix: str | None, index: int, *, reset: bool):
        current = None if reset else self.current.get(level)
        if current is not None and (prefix is None or not current.prefixes or prefix in current.prefixes):
            return current
        if prefix is None:
            return current
        key = (level, "p", prefix)
        node = self.nodes.get(key)
        if node is None:
            node = self.new_node(key, level, prefix, "", parent, index, explicit_parent=False)
        return node

    def new_node(self, key, level, number, title, parent, index, *, explicit_parent) -> Node:
        node = Node(level, number, title, row=index)
        self.nodes[key] = node
        if number:
            self.nodes.setdefault((level, "p", number), node)
            self.nodes.setdefault((level, "n", number), node)
        self.attach(node, parent, explicit_parent=explicit_parent)
        return node

    def parent_explicit(self, level: str, explicit: dict) -> bool:
        position = HIERARCHY.index(level)
        return any(upper in explicit for upper in HIERARCHY[:position])

    def attach(self, node: Node, parent: Node | None, *, explicit_parent: bool):
        if node.parent is not None:
            node.parent.children.remove(node)
        elif node in self.roots:
            self.roots.remove(node)
        node.parent, node.parent_explicit = parent, explicit_parent
        (parent.children if parent is not None else self.roots).append(node)

    def add_action(self, index: int, row: list[Cell], number: str, title: str, parent: Node | None):
        if not title:
            self.problem(_("the action %(number)s has no title.") % {"number": number}, index,
                         self.header.columns["action"])
            return
        if number and number in self.actions:
            first, first_row = self.actions[number]
            if first.title == title:
                self.warnings.append(
                    _("Sheet “%(sheet)s”, row %(row)s: action %(number)s repeats row %(first)s and is imported once.")
                    % {"sheet": self.sheet.name, "row": index + 1, "number": number, "first": first_row + 1}
                )
            else:
                self.problem(
                    _("the number %(number)s is already used on row %(first)s by another action (“%(title)s”).")
                    % {"number": number, "first": first_row + 1, "title": first.title[:80]},
                    index,
                    self.header.columns.get("number"),
                )
            return
        action = Node("action", number, title, row=index)
        action.data = self.action_fields(index, row)
        self.attach(action, parent, explicit_parent=True)
        self.action_count += 1
        if number:
            self.actions[number] = (action, index)

    def action_fields(self, index: int, row: list[Cell]) -> dict:
        data = {
            "pilot": self.text(row, index, "pilot"),
            "actors": self.text(row, index, "actors"),
            "success_indicator": self.text(row, index, "indicator"),
            "periods": [],
        }
        for name in ("description", "examples"):
            if name in self.header.columns:
                data[name] = self.text(row, index, name)
        if "status" in self.header.columns and (raw := self.text(row, index, "status")):
            status = STATUSES.get(normalise(raw))
            if status is None:
                self.problem(_("unknown status “%(value)s” (à venir, en cours, réalisée, en retard, abandonnée).")
                             % {"value": raw}, index, self.header.columns["status"])
            data["status"] = status or ""
        if "progress" in self.header.columns and (raw := self.cell(row, "progress").value.strip().rstrip("%")):
            try:
                progress = round(float(raw.replace(",", ".")) * (100 if "." in raw and float(raw) <= 1 else 1))
                if not 0 <= progress <= 100:
                    raise ValueError
                data["progress"] = progress
            except ValueError:
                self.problem(_("progress “%(value)s” is not a number between 0 and 100.") % {"value": raw}, index,
                             self.header.columns["progress"])
        if "new" in self.header.columns:
            data["is_new"] = normalise(self.cell(row, "new").value) in ("oui", "x", "yes", "vrai", "1", "nouvelle")
        for name, kind in (("publics", "public"), ("domains", "domain")):
            if name in self.header.columns:
                data[name] = self.tags(row, index, name, kind)
        for column, period in self.header.periods:
            cell = row[column] if column < len(row) else Cell()
            if cell.kind == "formula":
                self.problem(_("a formula (%(formula)s): paste the values instead.") % {"formula": cell.value},
                             index, column)
            elif cell.value.strip():
                data["periods"].append(period.label)
        self.marks_after_periods(index, row)
        return data

    def tags(self, row: list[Cell], index: int, name: str, kind: str) -> list[str]:
        """The publics or domains of a cell ("Familles, Jeunesse"), by the
        names or slugs of the plan's vocabulary; an unknown word is refused."""
        if self.vocabulary is None:
            self.vocabulary = tag_vocabulary()
        known = self.vocabulary.get(kind, {})
        found = []
        for word in TAG_SEPARATORS.split(self.text(row, index, name)):
            if not word.strip():
                continue
            tag = known.get(normalise(word))
            if tag is None:
                self.problem(
                    _("“%(word)s” is not among the %(kind)s known to the site (%(known)s); add it in the admin "
                      "(Action tags) or use one of these.")
                    % {"word": word.strip(), "kind": _("publics") if kind == "public" else _("domains"),
                       "known": ", ".join(sorted(set(known.values()))) or "—"},
                    index, self.header.columns[name])
            elif tag not in found:
                found.append(tag)
        return found

    def marks_after_periods(self, index: int, row: list[Cell]) -> None:
        """A mark in a column after the last period header belongs to a
        period the sheet does not name: it cannot be imported, and is said."""
        if not self.header.periods:
            return
        last_column, last = max(self.header.periods, key=lambda pair: pair[0])
        named = set(self.header.columns.values())
        for column in range(last_column + 1, len(row)):
            if column in named or not row[column].value.strip():
                continue
            self.warnings.append(
                _("Sheet “%(sheet)s”, row %(row)s: the mark “%(mark)s” in column %(column)s, after the last period "
                  "“%(period)s”, is under no period header and was not imported; name that column's period (for "
                  "example “%(next)s”) to import it.")
                % {"sheet": self.sheet.name, "row": index + 1, "mark": row[column].value.strip()[:20],
                   "column": column_letter(column), "period": last.label, "next": _next_period_label(last)}
            )

    def plan_data(self) -> dict:
        labels, named = dict(LEVEL_LABELS), {}
        for level in HIERARCHY:
            word = self.level_words.get(level) or self.header.labels.get(level)
            if word and normalise(word) not in ("axe", "objectif general", "objectif operationnel"):
                labels[level] = named[level] = (word, word if word.endswith("s") else f"{word}s")
        return {
            # Only the level names the sheet itself gives: re-importing keeps the others.
            "levels": {level: list(names) for level, names in named.items()},
            "periods": [period.as_data() for _column, period in self.header.periods],
            "items": [node.as_item(labels) for node in self.roots],
        }


class PlanImportError(Exception):
    """Every problem found in a file, each with its sheet, row and column."""

    def __init__(self, problems: list[SpreadsheetError]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def _next_period_label(period: Period) -> str:
    following = parse_period({"semester": "S{n} {y}", "quarter": "T{n} {y}"}.get(period.kind, "{y}").format(
        n=1, y=period.end.year + 1)) if period.end.month == 12 else None
    if following is None:
        day = period.end + datetime.timedelta(days=1)
        text = {"semester": f"S2 {day.year}", "quarter": f"T{(day.month - 1) // 3 + 1} {day.year}"}.get(
            period.kind, str(day.year))
        following = parse_period(text)
    return following.label if following else ""


def parse_sheet(sheet: Sheet, vocabulary: dict | None = None) -> ParsedSheet:
    return _SheetReader(sheet, vocabulary).run()

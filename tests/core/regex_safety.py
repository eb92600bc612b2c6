"""A static check for regular expressions that can take super-linear time
on text someone typed (ReDoS), read from the pattern's parse tree: no timing.

Python's engine backtracks. It takes quadratic (or worse) time when one
character can be consumed by two quantifiers in several ways, or when a
search restarts inside a long run it already scanned and failed on. Three
shapes are refused, each unless the repeat is possessive (`*+`, `++`) or
atomic, which never gives characters back:

1. *Adjacent*: an unbounded repeat, then only optional items (or single
   characters it could also consume), then another unbounded repeat over
   overlapping characters: `\\s*(?:n°)?\\s*`, `[^@]+\\.[^@]+`.
2. *Nested*: an unbounded repeat whose body ends with an unbounded repeat
   that can also start the body: `(a+)+`, `(\\w+\\s?)*`.
3. *Restart*: in a pattern not anchored at the start (used with `search`,
   `sub`, `findall`), an unbounded repeat over characters the pattern can
   begin with, followed by something that can fail: each failed start
   scans the run again (`\\*\\*(.+?)\\*\\*`).

The check is deliberately conservative: what it passes is linear, what it
refuses may sometimes be harmless (make it possessive or anchor it)."""

import re
from re import _constants as sre
from re import _parser

SAMPLE = [chr(code) for code in range(0x250)] + list("\u00a0\u2028\u2029\u200b\u202e°–—€\u3000")
UNBOUNDED = sre.MAXREPEAT
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
SINGLE = (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN)
CATEGORIES = {
    sre.CATEGORY_DIGIT: re.compile(r"\d"), sre.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    sre.CATEGORY_SPACE: re.compile(r"\s"), sre.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    sre.CATEGORY_WORD: re.compile(r"\w"), sre.CATEGORY_NOT_WORD: re.compile(r"\W"),
}


class Checker:
    def __init__(self, pattern: re.Pattern):
        self.flags = pattern.flags
        self.tree = _parser.parse(pattern.pattern, pattern.flags)
        self.problems: list[str] = []

    # Characters

    def _matches_one(self, op, av, char: str) -> bool:
        code = ord(char)
        if op is sre.LITERAL:
            return code == av
        if op is sre.NOT_LITERAL:
            return code != av
        if op is sre.ANY:
            return bool(self.flags & re.DOTALL) or char != "\n"
        negate = any(item_op is sre.NEGATE for item_op, _ in av)
        hit = False
        for item_op, item_av in av:
            if item_op is sre.LITERAL:
                hit = hit or code == item_av
            elif item_op is sre.RANGE:
                hit = hit or item_av[0] <= code <= item_av[1]
            elif item_op is sre.CATEGORY:
                hit = hit or bool(CATEGORIES[item_av].match(char))
        return hit != negate

    def chars(self, items) -> frozenset:
        """Every sample character some position of `items` may consume."""
        found = set()
        for op, av in items:
            if op in SINGLE:
                found |= {char for char in SAMPLE if any(self._matches_one(op, av, case) for case in self._cases(char))}
            else:
                for child in self._children(op, av):
                    found |= self.chars(child)
        return frozenset(found)

    def _cases(self, char: str) -> set[str]:
        if not self.flags & re.IGNORECASE:
            return {char}
        return {case for case in (char, char.lower(), char.upper()) if len(case) == 1}

    @staticmethod
    def _children(op, av) -> list:
        if op in REPEATS:
            return [av[2]]
        if op is sre.SUBPATTERN:
            return [av[3]]
        if op is sre.BRANCH:
            return list(av[1])
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            return [av[1]]
        if op is sre.ATOMIC_GROUP:
            return [av]
        return []

    # Structure

    @staticmethod
    def nullable(op, av) -> bool:
        if op in SINGLE:
            return False
        if op in REPEATS:
            return av[0] == 0 or Checker.nullable_seq(av[2])
        if op in (sre.SUBPATTERN, sre.ATOMIC_GROUP):
            return Checker.nullable_seq(av[3] if op is sre.SUBPATTERN else av)
        if op is sre.BRANCH:
            return any(Checker.nullable_seq(branch) for branch in av[1])
        return True  # anchors, lookarounds, back references (approximately)

    @staticmethod
    def nullable_seq(items) -> bool:
        return all(Checker.nullable(op, av) for op, av in items)

    def ends(self, items, last: bool) -> list:
        """The backtracking unbounded repeats that can match the first
        (last=False) or the final (last=True) character of `items`."""
        found = []
        for op, av in (reversed(list(items)) if last else items):
            if op in REPEATS and av[1] == UNBOUNDED:
                if not (last and op is sre.POSSESSIVE_REPEAT):
                    found.append((op, av))
            elif op in REPEATS:
                found += self.ends(av[2], last)
            elif op is sre.SUBPATTERN:
                found += self.ends(av[3], last)
            elif op is sre.BRANCH:
                for branch in av[1]:
                    found += self.ends(branch, last)
            elif op is sre.ATOMIC_GROUP and not last:
                found += self.ends(av, last)
            if not self.nullable(op, av):
                break
        return found

    def check(self) -> list[str]:
        self._sequence(list(self.tree))
        self._restart(list(self.tree))
        return self.problems

    def _sequence(self, items) -> None:
        for index, (op, av) in enumerate(items):
            for tail in self.ends([(op, av)], last=True):
                self._adjacent(tail, items[index + 1:])
            if op in REPEATS and av[1] == UNBOUNDED and op is not sre.POSSESSIVE_REPEAT:
                body = list(av[2])
                for tail in self.ends(body, last=True):
                    if self.chars([tail]) & self.first(body):
                        self.problems.append(f"nested: {_show(tail)} inside {_show((op, av))}")
            for child in self._children(op, av):
                self._sequence(list(child))

    def _adjacent(self, tail, following) -> None:
        tail_chars = self.chars([tail])
        for op, av in following:
            for head in self.ends([(op, av)], last=False):
                if tail_chars & self.first([head]):
                    self.problems.append(f"adjacent: {_show(tail)} then {_show(head)}")
                    return
            if self.nullable(op, av):
                continue
            if op in SINGLE and self.chars([(op, av)]) & tail_chars:
                continue  # the repeat could have taken this character too
            return

    def _restart(self, items) -> None:
        if items and items[0][0] is sre.AT and items[0][1] in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING):
            return
        first = self.first(items)
        final = {id(av) for _op, av in self.ends(items[-1:], last=True)} if items else set()
        for op, av in self._repeats(items):
            if op is sre.POSSESSIVE_REPEAT or av[1] != UNBOUNDED or id(av) in final:
                continue
            if self.chars([(op, av)]) & first:
                self.problems.append(f"restart: {_show((op, av))} rescans what the search starts on")

    def first(self, items) -> frozenset:
        """The characters a match of `items` can begin with."""
        found = frozenset()
        for op, av in items:
            if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
                continue
            if op in SINGLE:
                found |= self.chars([(op, av)])
            else:
                for child in self._children(op, av):
                    found |= self.first(child)
            if not self.nullable(op, av):
                break
        return found

    def _repeats(self, items):
        for op, av in items:
            if op in REPEATS:
                yield op, av
            for child in self._children(op, av):
                yield from self._repeats(child)


def _show(node) -> str:
    op, av = node
    return f"{op}{'' if op not in REPEATS else (av[0], 'inf' if av[1] == UNBOUNDED else av[1])}"


def redos_problems(pattern: re.Pattern | str, flags: int = 0) -> list[str]:
    compiled = re.compile(pattern, flags) if isinstance(pattern, str) else pattern
    return Checker(compiled).check()

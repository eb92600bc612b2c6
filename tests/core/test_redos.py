"""No regular expression of the project takes super-linear time on what
people type or upload (ReDoS): each is checked from its parse tree by
tests/core/regex_safety.py, and none hides inline where the check would
not see it. Timings are in bench/user_text.py, never here."""

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

from .regex_safety import redos_problems

ROOT = Path(__file__).resolve().parents[2]
APPS = ["core", "cms", "participation", "committees", "projects", "consultations", "config"]
REGEX_FUNCTIONS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}


def _modules():
    for app in APPS:
        package = importlib.import_module(app)
        yield package
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".migrations" not in info.name and not info.name.startswith("config.settings"):
                yield importlib.import_module(info.name)


def project_patterns() -> dict[str, re.Pattern]:
    found = {}
    for module in _modules():
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and value.pattern and isinstance(value.pattern, str):
                found.setdefault(id(value), (f"{module.__name__}.{name}", value))
    return dict(found.values())


def test_the_project_has_patterns_to_check():
    names = set(project_patterns())
    assert {"core.sanitising.URL", "cms.importing.layout.NUMBERED_CELL",
            "participation.services.register.MEMBERSHIP_YEAR"} <= names


@pytest.mark.parametrize("name", sorted(project_patterns()))
def test_every_pattern_runs_in_linear_time(name):
    assert redos_problems(project_patterns()[name]) == [], name


def _inline_patterns(path: Path):
    """re.<function>("literal", …) anywhere but a module-level constant."""
    tree = ast.parse(path.read_text(), filename=str(path))
    constants = {id(node.value) for node in tree.body if isinstance(node, ast.Assign)}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in REGEX_FUNCTIONS
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args
                and isinstance(node.args[0], ast.Constant | ast.JoinedStr) and id(node) not in constants):
            yield f"{path.relative_to(ROOT)}:{node.lineno}"


def test_no_pattern_is_written_inline():
    """Patterns are module constants, so that the check above sees them all."""
    sources = [path for app in APPS for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts]
    assert [where for path in sources for where in _inline_patterns(path)] == []


# The check itself: it refuses the shapes that were quadratic here, and
# passes their linear replacements.

QUADRATIC = {
    "bold, as it was": (r"\*\*(?=\S)(.+?)(?<=\S)\*\*", 0),
    "italic, as it was": (r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", 0),
    "web address, as it was": (r"\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", re.IGNORECASE),
    "numbered cell, as it was": (r"^(?:(?P<label>axe|objectif)\s*)?(?:n\s*°|no\.?|n\.|#)?\s*(?P<number>\d+)", 0),
    "register e-mail, as it was": (r"[^@\s]+@[^@\s]+\.[^@\s]+", 0),
    "nested runs": (r"^(?:\w+\s?)*$", 0),
    "run before the end": (r"[a-z]+$", 0),
}
LINEAR = {
    "web address": (r"\bhttps?://[^\s<>\"']++", re.IGNORECASE),
    "numbered cell": (r"^(?:(?P<label>axe|objectif)\s*+)?(?:n\s*+°|no\.?|n\.|#)?\s*+(?P<number>\d+)", 0),
    "dotted number": (r"^\d+(?:\.\d+)*$", 0),
    "placeholder": (r"\x00(\d+)\x00", 0),
}


@pytest.mark.parametrize("name", sorted(QUADRATIC))
def test_the_check_refuses_what_was_quadratic(name):
    assert redos_problems(*QUADRATIC[name])


@pytest.mark.parametrize("name", sorted(LINEAR))
def test_the_check_passes_linear_patterns(name):
    assert redos_problems(*LINEAR[name]) == []


def test_register_email_check_agrees_with_the_pattern_it_replaces():
    import random

    from participation.services.register import _looks_like_email

    previous = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
    rng = random.Random(18)
    for _case in range(20_000):
        text = "".join(rng.choice("ab@. \t\u00a0") for _char in range(rng.randint(0, 9)))
        assert _looks_like_email(text) == bool(previous.fullmatch(text)), text

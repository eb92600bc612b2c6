"""docs/security.md names, for each of the seventeen fault classes, the
tests that hold it: each class must list at least one, and each must exist."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "security.md"
CLASSES = [
    "Stored XSS", "Sanitiser bypass", "Reflected XSS and open redirect", "Missing authorisation",
    "IDOR (objects reached by their id)", "Over-posting and filter injection", "Races", "Vote-limit bypass",
    "CSRF", "Websocket hijacking", "Export leaks", "Token and session trust", "Brute force and enumeration",
    "Upload abuse", "SSRF", "SQL injection and ReDoS", "Leaks through notifications",
]
NODE = re.compile(r"`(tests/[\w/]+\.py)::(\w+)(?:::(\w+))?`")


def sections() -> dict[str, str]:
    found = {}
    parts = re.split(r"^### \d+\. (.+)$", DOC.read_text(), flags=re.M)
    for title, body in zip(parts[1::2], parts[2::2], strict=True):
        found[title.strip()] = body
    return found


def defined(path: Path) -> set[str]:
    names = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names |= {f"{node.name}::{item.name}" for item in node.body
                      if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return names


def test_every_fault_class_is_there_in_order():
    assert list(sections()) == CLASSES


def test_every_class_lists_tests_that_exist():
    missing = []
    for title, body in sections().items():
        nodes = NODE.findall(body)
        if not nodes:
            missing.append(f"{title}: no test listed")
        for path, first, second in nodes:
            name = f"{first}::{second}" if second else first
            file = ROOT / path
            if not file.exists() or name not in defined(file):
                missing.append(f"{title}: {path}::{name} does not exist")
    assert not missing, "\n".join(missing)

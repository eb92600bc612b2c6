"""Benchmark: what people type, at lengths nobody types, read in linear time.

    make bench        (or .venv/bin/python bench/user_text.py)

Renders texts shaped to make a backtracking pattern work hardest (an
asterisk that never closes, thousands of them) at 10,000, 50,000 and
500,000 characters, and runs the import's cell and register checks on
cells of the same lengths. Linear means about 10 times the time for 10
times the text: the previous renderer took 1.9 s for 10,000 characters of
"*a " and 20 s for 50,000 (quadratic). The tests count the work instead
(tests/core/test_sanitising.py, tests/core/test_redos.py).
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

SIZES = (10_000, 50_000, 500_000)
SHAPES = {
    "*italic* never closed": lambda n: "*a " * (n // 3),
    "**bold** never closed": lambda n: "**a " * (n // 4),
    "closed italics": lambda n: "x *a* " * (n // 6),
    "addresses without end": lambda n: "http://." * (n // 8),
}


def timed(function, *args) -> float:
    started = time.process_time()
    function(*args)
    return time.process_time() - started


def main():
    from cms.importing.layout import NUMBERED_CELL
    from core.sanitising import _rendered
    from participation.services.register import _looks_like_email

    def render(text):
        _rendered.cache_clear()  # the renderer keeps what it rendered
        _rendered(text)

    rows = [(f"render_user_text, {name}", render, shape) for name, shape in SHAPES.items()]
    rows += [
        ("plan import, numbered cell of spaces", NUMBERED_CELL.match, lambda n: "Axe" + " " * n + "x"),
        ("register import, e-mail cell of dots", _looks_like_email, lambda n: "a@" + "." * n + "@"),
    ]
    print(f"{'CPU seconds':<48}" + "".join(f"{size:>12,}" for size in SIZES))
    for label, function, shape in rows:
        print(f"{label:<48}" + "".join(f"{timed(function, shape(size)):>12.4f}" for size in SIZES))


if __name__ == "__main__":
    main()

"""The floor for `exemplars check`: read every content file and parse its front matter with
libyaml, nothing else (no models, no rules). `make bench` times it next to the check.

    python -m benchmarks.bare_yaml CONTENT
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

FOLDERS = ("exemplars", "commendations", "campaigns", "stories")


def parse_all(content: Path) -> int:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    parsed = 0
    for folder in FOLDERS:
        for path in sorted((content / folder).glob("*.md")):
            text = path.read_text(encoding="utf-8")
            if text.startswith("---\n"):
                front = text[4:].split("\n---\n", 1)[0]
                yaml.load(front, Loader=loader)  # noqa: S506  (a safe loader)
                parsed += 1
    return parsed


if __name__ == "__main__":
    print(parse_all(Path(sys.argv[1])))

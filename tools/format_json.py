"""Write JSON files the way the project keeps them: two-space indent, and any
array or object that fits on one line (within WIDTH columns) on one line.

Usage: python tools/format_json.py FILE [FILE ...]   (rewrites in place)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

WIDTH = 100


def dumps(value: object, indent: int = 0) -> str:
    flat = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, (dict, list)) or indent + len(flat) <= WIDTH:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {dumps(v, indent + 2)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    items = [pad + dumps(v, indent + 2) for v in value]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


def main() -> None:
    for name in sys.argv[1:]:
        path = Path(name)
        path.write_text(dumps(json.loads(path.read_text())) + "\n")


if __name__ == "__main__":
    main()

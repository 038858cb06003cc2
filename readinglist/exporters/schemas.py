"""The JSON Schemas of the commands' `--format json` outputs, shipped as files in `readinglist/schemas/`.

>>> list(SCHEMAS)
['list', 'show', 'order', 'lineage', 'why', 'suggest', 'check', 'add', 'enrich', 'diff', 'discover']
>>> import json
>>> json.loads(schema_text("list"))["type"]
'array'
"""

from __future__ import annotations

from importlib import resources

# Command -> what its JSON is; `readinglist schema NAME` prints the file.
SCHEMAS = {
    "list": "list --format json: the library's entries",
    "show": "show KEY --format json: one entry",
    "order": "order --format json: a reading order",
    "lineage": "lineage KEY --format json: a paper's lineage tree",
    "why": "why CITING CITED --format json: one citation",
    "suggest": "suggest --format json: papers outside the library",
    "check": "check --format json: the problems in the library",
    "add": "add --format json: what was added",
    "enrich": "enrich --format json: what was filled",
    "diff": "diff OLD [NEW] --format json: what changed",
    "discover": "discover --format json: candidates new for each section, with why",
}


def schema_text(name: str) -> str:
    """The schema file of `name` (one of SCHEMAS), as shipped."""
    return resources.files("readinglist").joinpath("schemas", f"{name}.json").read_text(encoding="utf-8")

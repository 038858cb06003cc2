"""Why one paper cites another: contexts, intents and influence of citations inside the library (pure).

Input is what Semantic Scholar's reference endpoint returns for each library paper (cached by `enrich`).

>>> from readinglist.models import Entry
>>> entries = [Entry("a", "misc", {"eprint": "2001.00001"}), Entry("b", "misc", {})]
>>> items = {"b": [{"citedPaper": {"paperId": "x", "externalIds": {"ArXiv": "2001.00001"}},
...                 "contextsWithIntent": [{"context": "We build on A. Then more.", "intents": ["methodology"]}],
...                 "contexts": ["We build on A. Then more."], "intents": ["methodology"], "isInfluential": True}]}
>>> edge = edge_contexts(entries, items)[("a", "b")]
>>> (edge.influential, edge.intents, edge.best_quote())
(True, ['methodology'], 'We build on A.')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .identity import KeyIndex
from .models import Entry

INTENT_RANK = {"methodology": 0, "result": 1, "background": 2}
MAX_QUOTE = 220


@dataclass
class CitationContext:
    """One citing → cited edge: each context sentence with its intents, and the influence flag."""

    contexts: list[tuple[str, list[str]]] = field(default_factory=list)
    intents: list[str] = field(default_factory=list)
    influential: bool = False

    @property
    def background_only(self) -> bool:
        return set(self.intents) == {"background"}

    def best(self) -> tuple[str, list[str]] | None:
        """The most telling context: a methodology one over a result one over a background one."""
        if not self.contexts:
            return None
        return min(self.contexts, key=lambda c: min((INTENT_RANK.get(i, 3) for i in c[1]), default=3))

    def best_quote(self) -> str:
        best = self.best()
        return shorten(best[0]) if best else ""


def shorten(text: str) -> str:
    """The first sentence, at most MAX_QUOTE characters."""
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(?:\s|$)", text)
    sentence = match.group(1) if match else text
    return sentence if len(sentence) <= MAX_QUOTE else sentence[: MAX_QUOTE - 1].rstrip() + "…"


def _context_of(item: dict) -> CitationContext:
    with_intent = [(c.get("context") or "", list(c.get("intents") or [])) for c in item.get("contextsWithIntent") or []]
    if not with_intent:
        with_intent = [(text, []) for text in item.get("contexts") or []]
    with_intent = [(text, intents) for text, intents in with_intent if text.strip()]
    intents = list(item.get("intents") or [])
    return CitationContext(with_intent, intents, bool(item.get("isInfluential")))


def edge_contexts(
    entries: list[Entry], reference_items: dict[str, list[dict]]
) -> dict[tuple[str, str], CitationContext]:
    """(cited key, citing key) -> its context, for citations between library papers."""
    index = KeyIndex(entries)
    edges: dict[tuple[str, str], CitationContext] = {}
    for citing, items in reference_items.items():
        for item in items:
            cited = index.find_paper(item.get("citedPaper") or {})
            if cited and cited != citing:
                edges[(cited, citing)] = _context_of(item)
    return edges

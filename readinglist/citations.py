"""Why one paper cites another: contexts, intents and influence of citations inside the library (pure).

Input is each library paper's references as records (from the reference endpoint, cached by `enrich`).

>>> from readinglist.models import Entry
>>> from readinglist.records import Context, ExternalPaper, Reference
>>> entries = [Entry("a", "misc", {"eprint": "2001.00001"}), Entry("b", "misc", {})]
>>> cited = ExternalPaper("s2", s2_id="x", arxiv="2001.00001")
>>> refs = {"b": [Reference(cited, (Context("We build on A. Then more.", ("methodology",)),), ("methodology",), True)]}
>>> edge = edge_contexts(entries, refs)[("a", "b")]
>>> (edge.influential, edge.intents, edge.best_quote())
(True, ['methodology'], 'We build on A.')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .identity import KeyIndex
from .models import Entry
from .records import Reference

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


def context_of(reference: Reference) -> CitationContext:
    """The edge's context from one reference record (contexts without text are dropped)."""
    contexts = [(c.text, list(c.intents)) for c in reference.contexts if c.text.strip()]
    return CitationContext(contexts, list(reference.intents), reference.influential)


def edge_contexts(
    entries: list[Entry], references: dict[str, list[Reference]]
) -> dict[tuple[str, str], CitationContext]:
    """(cited key, citing key) -> its context, for citations between library papers."""
    index = KeyIndex(entries)
    edges: dict[tuple[str, str], CitationContext] = {}
    for citing, refs in references.items():
        for ref in refs:
            cited = index.find_record(ref.paper)
            if cited and cited != citing:
                edges[(cited, citing)] = context_of(ref)
    return edges

"""BibTeX for biber (biblatex) and classic bibtex: compiles without warnings, titles keep their capitals.

The library itself is written by the store, byte for byte as the curator keeps it; this is the export a
paper's author drops next to their manuscript. What changes on the way out:
- titles brace-protect the words whose capitals matter (`{GPT-4}`, `{TruthfulQA}`), as Better BibTeX does,
  so styles that lowercase titles (bibtex's `plain`, biblatex-apa) keep them;
- months become BibTeX's month macros (`month = may`), which biber and bibtex both read as a month;
- `@string` macros arrive expanded (the caller passes resolved entries), a truncated author list ends in
  `and others`;
- with `style="bibtex"`, `@online` (biblatex only) becomes `@misc` with `howpublished`, and an entry without
  an author gets a `key` to sort by.

>>> from readinglist.models import Entry
>>> print(render_bibtex([Entry("k", "online", {"title": "Scaling Kubernetes on GPT-4", "month": "May",
...                                               "url": "https://x.org"})], style="bibtex"))
@misc{k,
  title = {Scaling Kubernetes on {GPT-4}},
  month = may,
  url = {https://x.org},
  howpublished = {\\url{https://x.org}},
  key = {Scaling Kubernetes on GPT-4},
}
<BLANKLINE>
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..models import Entry
from ..names import bibtex_persons
from ..order import ReadingOrder
from ..paper import paper_of
from .formats import BIBTEX_STYLES, UnknownFormatError

MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
PERSON_FIELDS = ("author", "editor")
PROTECTED_FIELDS = ("title",)  # the field styles change the case of
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")


def protect_capitals(title: str) -> str:
    """Brace the words whose capitals a style must not lower-case.

    Words with a capital after their first letter are always protected (acronyms, product names). In a
    sentence-case title, where most words are lower case, a capitalised word after the first is a proper
    noun, so it is protected too; in a title-case title that cannot be told, and capitals stay unprotected.

    >>> protect_capitals("TruthfulQA: Measuring How Models Mimic Human Falsehoods")
    '{TruthfulQA}: Measuring How Models Mimic Human Falsehoods'
    >>> protect_capitals("Performance of ChatGPT on USMLE: {Bayesian} GPT-4, AI-assisted, X-ray")
    'Performance of {ChatGPT} on {USMLE}: {Bayesian} {GPT-4}, {AI-assisted}, X-ray'
    >>> protect_capitals("Scaling Kubernetes to 2,500 nodes: A guide for Chinese hospitals")
    'Scaling {Kubernetes} to 2,500 nodes: A guide for {Chinese} hospitals'
    """
    chunks = _top_level_chunks(title)
    sentence_case = _is_sentence_case(chunks)
    out = []
    starts_sentence = True
    for chunk in chunks:
        if chunk.isspace() or any(ch in chunk for ch in "{}\\"):
            out.append(chunk)  # spacing, or already braced by the curator, or a LaTeX command
        else:
            out.append(_protect_words(chunk, sentence_case, starts_sentence))
        if not chunk.isspace():
            starts_sentence = chunk.rstrip()[-1:] in ":.?!"
    return "".join(out)


def _is_sentence_case(chunks: list[str]) -> bool:
    """More lower-case than capitalised words after each sentence's first word."""
    upper = lower = 0
    starts_sentence = True
    for chunk in chunks:
        if chunk.isspace():
            continue
        if not starts_sentence and chunk[:1].isalpha():
            upper += chunk[0].isupper()
            lower += chunk[0].islower()
        starts_sentence = chunk.rstrip()[-1:] in ":.?!"
    return lower > upper


def _top_level_chunks(text: str) -> list[str]:
    """Runs of whitespace and runs of the rest, never splitting inside braces (`{Human Feedback}` is one run)."""
    chunks: list[str] = []
    depth = 0
    for ch in text:
        kind = ch.isspace() and depth == 0
        if chunks and chunks[-1].isspace() == kind:
            chunks[-1] += ch
        else:
            chunks.append(ch)
        depth = max(0, depth + (ch == "{") - (ch == "}"))
    return chunks


def _protect_words(chunk: str, sentence_case: bool, starts_sentence: bool) -> str:
    """Protect the words of one run; its first word opens a sentence when `starts_sentence`."""
    return _WORD.sub(lambda m: _protect_word(m, sentence_case and not (starts_sentence and m.start() == 0)), chunk)


def _protect_word(match: re.Match[str], proper_noun_if_capitalised: bool) -> str:
    word = match.group()
    capital_inside = any(any(ch.isupper() for ch in part[1:]) for part in re.split(r"[-']", word))
    proper_noun = proper_noun_if_capitalised and word[0].isupper()
    return "{" + word + "}" if capital_inside or proper_noun else word


def bibtex_fields(entry: Entry, style: str) -> tuple[str, dict[str, str]]:
    """The entry type and fields written for `style` (biblatex or bibtex)."""
    entry_type, fields = entry.entry_type.lower(), dict(entry.fields)
    for name in list(fields):
        lowered = name.lower()
        if lowered in PERSON_FIELDS and fields[name].strip():
            fields[name] = bibtex_persons(fields[name])
        elif lowered in PROTECTED_FIELDS:
            fields[name] = protect_capitals(fields[name])
        elif lowered == "month" and entry.month:
            fields[name] = MONTH_MACROS[entry.month - 1]
    if not entry.get("title") and entry.get("title_zh"):
        fields["title"] = entry.get("title_zh")  # a resource the list names only in Chinese
    if style == "bibtex":
        if entry_type == "online":
            entry_type = "misc"
        if entry_type == "misc" and entry.get("url") and not entry.get("howpublished"):
            fields["howpublished"] = "\\url{" + entry.get("url") + "}"
        if not any(entry.get(name) for name in (*PERSON_FIELDS, "key")):  # plain sorts @misc by author or key
            fields["key"] = paper_of(entry).heading
    return entry_type, fields


def render_bibtex(entries: Iterable[Entry], style: str = "biblatex") -> str:
    """Entries as a .bib file for `style`: `biblatex` (biber, the default) or `bibtex` (classic styles)."""
    if style not in BIBTEX_STYLES:
        raise UnknownFormatError(f"unknown --style {style!r}; use one of {', '.join(BIBTEX_STYLES)}")
    blocks = []
    for entry in entries:
        entry_type, fields = bibtex_fields(entry, style)
        lines = [f"@{entry_type}{{{entry.key},"]
        for name, value in fields.items():
            macro = name.lower() == "month" and value in MONTH_MACROS
            lines.append(f"  {name} = {value if macro else '{' + value + '}'},")
        blocks.append("\n".join([*lines, "}"]))
    return "\n\n".join(blocks) + "\n"


def render_order_bibtex(order: ReadingOrder, style: str = "biblatex") -> str:
    """A reading order's entries in reading order."""
    return render_bibtex((item.entry for item in order.items), style)

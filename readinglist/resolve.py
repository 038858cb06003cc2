"""Find a paper by what people call it: key, arXiv id, DOI, common name (`aka`), title words, first author (pure).

Ranked best first; several equally good matches are a question for the user, not a guess.

>>> from readinglist.models import Entry
>>> index = PaperIndex([
...     Entry("ouyang2022training", "misc", {"title": "Training language models to follow instructions",
...           "author": "Long Ouyang and Jeff Wu and Xu Jiang", "year": "2022", "eprint": "2203.02155",
...           "aka": "InstructGPT"}),
...     Entry("brown2020language", "misc", {"title": "Language Models are Few-Shot Learners",
...           "author": "Tom B. Brown", "year": "2020", "aka": "GPT-3"})])
>>> index.resolve("https://arxiv.org/abs/2203.02155v1")
'ouyang2022training'
>>> index.resolve("instruct gpt"), index.resolve("gpt3"), index.resolve("Brown 2020")
('ouyang2022training', 'brown2020language', 'brown2020language')
>>> [m.key for m in index.find("language models")]
['ouyang2022training', 'brown2020language']
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from .errors import InvalidIdError, UnknownKeyError
from .identity import identities
from .ids import parse_paper_id
from .models import Entry, last_name, split_authors, split_list

# How a query matched, best first. The score's integer part is the tier; ties within a tier are ambiguous.
KEY, IDENTIFIER, COMMON_NAME, TITLE, LABEL, WORDS = 100, 95, 90, 85, 80, 50
_HOW = {
    KEY: "key",
    IDENTIFIER: "identifier",
    COMMON_NAME: "common name",
    TITLE: "title",
    LABEL: "author and year",
    WORDS: "words",
}
_STOP = frozenset({"a", "al", "an", "and", "at", "by", "et", "for", "from", "in", "is", "of", "on", "the", "to"})
_TOKEN = re.compile(r"[0-9a-z]+|[\u3400-\u9fff]+")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Match:
    key: str
    score: float  # tier (see KEY ... WORDS) plus a fraction that ranks matches inside a tier
    how: str

    @property
    def tier(self) -> int:
        return int(self.score)


def compact(text: str) -> str:
    """Lower case letters, digits and CJK only: `GPT-3` and `gpt 3` and `{GPT}-3` compare equal.

    >>> compact("Instruct GPT"), compact("GPT-3"), compact("人类 反馈!")
    ('instructgpt', 'gpt3', '人类反馈')
    """
    return "".join(_TOKEN.findall(unicodedata.normalize("NFKC", text).lower()))


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).lower())


@dataclass
class _Names:
    """What one entry can be called, normalised once."""

    key: str
    label: str
    title: str
    ids: frozenset[str]
    exact_names: frozenset[str]  # compact aka values
    exact_titles: frozenset[str]  # compact English, Chinese and seed titles
    words: frozenset[str]  # title and aka tokens, first author's last name, year
    cjk: str  # Chinese titles, for substring search
    first_author: str


def _names(entry: Entry) -> _Names:
    titles = [entry.title, entry.get("title_zh"), entry.get("title_seed")]
    aka = split_list(entry.get("aka"))
    authors = split_authors(entry.get("author"))
    first = compact(last_name(authors[0])) if authors else ""
    words = {t for text in [*titles, *aka] for t in tokens(text) if not _CJK.match(t)}
    words |= {first} if first else set()
    words |= {str(entry.year)} if entry.year else set()
    ids = {f"{kind}:{value.lower()}" for kind, value in identities(entry.get("eprint"), entry.get("doi"))}
    return _Names(
        key=entry.key,
        label=entry.short_label,
        title=entry.title or entry.get("title_zh"),
        ids=frozenset(ids),
        exact_names=frozenset(compact(a) for a in aka),
        exact_titles=frozenset(compact(t) for t in titles if t),
        words=frozenset(words - _STOP),
        cjk=" ".join(t for t in titles if t and _CJK.search(t)),
        first_author=first,
    )


def _identifier(query: str) -> str:
    """`arxiv:2203.02155` / `doi:10.x/y` for a pasted id or URL, else ''."""
    try:
        pid = parse_paper_id(query)
    except InvalidIdError:
        return ""
    return f"{pid.kind}:{pid.value.lower()}" if pid.kind in ("arxiv", "doi") else ""


class PaperIndex:
    """Every entry's names, built once per library; `find`, `closest` and `resolve` scan it."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.names = [_names(entry) for entry in entries]
        self.by_exact_key = {n.key: n for n in self.names}
        spellings = Counter(n.key.lower() for n in self.names)  # `dup2020` and `Dup2020`: only the exact key names one
        self.by_key = {n.key.lower(): n for n in self.names if spellings[n.key.lower()] == 1}

    def find(self, query: str) -> list[Match]:
        """Every entry the query names, best first (tier, then how much of the title it covers, then key)."""
        query = query.strip()
        if not query:
            return []
        exact = self.by_exact_key.get(query) or self.by_key.get(query.lower())
        if exact:
            return [Match(exact.key, KEY, _HOW[KEY])]
        ident = _identifier(query)
        if ident:
            return [Match(n.key, IDENTIFIER, _HOW[IDENTIFIER]) for n in self.names if ident in n.ids]
        wanted = compact(query)
        words = [t for t in tokens(query) if t not in _STOP]
        matches = [m for m in (self._match(n, wanted, words) for n in self.names) if m]
        return sorted(matches, key=lambda m: (-m.score, m.key))

    def _match(self, names: _Names, wanted: str, words: list[str]) -> Match | None:
        if wanted in names.exact_names:
            return Match(names.key, COMMON_NAME, _HOW[COMMON_NAME])
        if wanted in names.exact_titles:
            return Match(names.key, TITLE, _HOW[TITLE])
        if not words or not all(self._has(names, w) for w in words):
            return None
        if wanted == compact(names.label) or (
            names.first_author in words and any(w.isdigit() and len(w) == 4 for w in words) and len(words) == 2
        ):
            return Match(names.key, LABEL, _HOW[LABEL])
        coverage = len(words) / (len(words) + len(names.words))
        return Match(names.key, WORDS + coverage, "first author" if words == [names.first_author] else _HOW[WORDS])

    @staticmethod
    def _has(names: _Names, word: str) -> bool:
        if _CJK.match(word):
            return word in names.cjk
        return word in names.words or (len(word) >= 4 and any(w.startswith(word) for w in names.words))

    def closest(self, query: str, limit: int = 5) -> list[Match]:
        """The entries whose key, common name, title or label look most like the query (for "did you mean")."""
        wanted = compact(query)
        if not wanted:
            return []
        scored = []
        for names in self.names:
            best = 0.0
            for name in (compact(names.key), compact(names.label), *names.exact_names, *names.exact_titles):
                matcher = SequenceMatcher(None, wanted, name)
                if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                    best = max(best, matcher.ratio())
            if best >= 0.5:
                scored.append(Match(names.key, best, "looks like"))
        return sorted(scored, key=lambda m: (-m.score, m.key))[:limit]

    def resolve(self, query: str) -> str:
        """The one key the query names; UnknownKeyError listing the candidates when it names none or several."""
        matches = self.find(query)
        best = [m for m in matches if m.tier == matches[0].tier] if matches else []
        if len(best) == 1:
            return best[0].key
        if best:
            listed = "; ".join(self.describe(m.key) for m in best[:8])
            more = f" and {len(best) - 8} more" if len(best) > 8 else ""
            raise UnknownKeyError(f"{query!r} matches {len(best)} papers: {listed}{more}; give one of these keys")
        near = self.closest(query)
        hint = "closest: " + "; ".join(self.describe(m.key) for m in near) if near else "nothing close"
        raise UnknownKeyError(f"no paper matches {query!r} ({hint}); `readinglist list` shows every key")

    def describe(self, key: str) -> str:
        """`ouyang2022training (Ouyang et al. 2022, Training language models to …)`."""
        names = self.by_exact_key.get(key) or self.by_key[key.lower()]
        title = names.title if len(names.title) <= 50 else names.title[:49] + "…"
        return f"{names.key} ({names.label}, {title})"

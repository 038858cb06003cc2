"""One ranked search over the library: keys, ids, common names, English and Chinese titles, summaries, authors (pure).

Exact names come first (a key, a pasted arXiv id or DOI, a common name such as `GPT-3`, a whole title, `Christiano
2017`); everything else is a full-text query on an in-memory SQLite FTS5 index ranked by BM25, with titles and names
weighted above summaries. The `porter` tokenizer makes case and plurals irrelevant (`reward models` finds "reward
model"), the words may come in any order, a misspelt word is replaced by the library's words that look like it
(found through a `trigram` FTS5 index of the vocabulary), and Chinese is indexed as overlapping pairs of characters,
so a two-character word (反馈) is found through the index as well as a longer phrase (人类反馈).

>>> from readinglist.models import Entry
>>> index = SearchIndex([
...     Entry("ibarz2018reward", "inproceedings", {"title": "Reward learning from human preferences and "
...           "demonstrations in Atari", "author": "Borja Ibarz and Jan Leike", "year": "2018",
...           "abstract_zh": "我们结合了两种从人类反馈中学习的方法"}),
...     Entry("knox2013training", "inproceedings", {"title": "Training a robot via human feedback",
...           "title_zh": "通过人类反馈训练机器人", "author": "W. Bradley Knox", "year": "2013"})])
>>> [hit.key for hit in index.search("reward model")], [hit.key for hit in index.search("Preference learnin")]
(['ibarz2018reward'], ['ibarz2018reward'])
>>> [hit.key for hit in index.search("人类反馈")], [hit.key for hit in index.search("Atari reward")][0]
(['knox2013training', 'ibarz2018reward'], 'ibarz2018reward')
>>> [(hit.key, hit.how) for hit in index.search("human feedbak robot")][0]
('knox2013training', 'words, spelling corrected')
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from .errors import InvalidIdError
from .identity import identities, normalise_title, title_tokens
from .ids import parse_paper_id
from .models import Entry
from .paper import paper_of

# How a query matched, best first. The score's integer part is the tier; the fraction ranks hits inside a tier.
KEY, IDENTIFIER, COMMON_NAME, TITLE, LABEL = 100, 95, 90, 85, 80  # exact names
NAME_WORDS, WORDS, SPELLING, SOME_WORDS = 60, 50, 45, 40  # full text
HOW = {
    KEY: "key",
    IDENTIFIER: "identifier",
    COMMON_NAME: "common name",
    TITLE: "title",
    LABEL: "author and year",
    NAME_WORDS: "title words",
    WORDS: "words",
    SPELLING: "words, spelling corrected",
    SOME_WORDS: "some of the words",
}
STOP_WORDS = frozenset({"a", "al", "an", "and", "at", "by", "et", "for", "from", "in", "is", "of", "on", "the", "to"})
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[0-9a-z]+")
# The index's columns and their BM25 weights: names and titles count far more than a word deep in a summary.
_COLUMNS = {"names": 8.0, "title": 5.0, "title_zh": 5.0, "authors": 3.0, "summary": 1.0, "summary_zh": 1.0}
_NAME_COLUMNS = "{names title title_zh}"  # names hold the first author ("Radford et al. 2018"); co-authors do not
_SUMMARY_FIELDS = ("abstract", "tldr")
_SUMMARY_ZH_FIELDS = ("abstract_zh", "highlight_zh", "note_zh", "description_zh")
_TYPO_MIN_LENGTH, _TYPO_RATIO = 4, 0.8
# The rule that says whether a query names one paper (the same in the app and the CLI): the best hit is alone in its
# tier, or its BM25 strength is at least MARGIN times that of every other hit of its tier. Partial matches (some of
# the words) are listed only when they are STRONG: at least that share of the best one's strength, at most SHOWN.
MARGIN, STRONG, SHOWN = 1.5, 0.6, 8


@dataclass(frozen=True)
class Hit:
    key: str
    score: float  # tier (KEY … WORDS) plus a fraction that ranks hits inside a tier
    how: str
    strength: float = 0.0  # the BM25 strength (full-text tiers; 0 for exact names)

    @property
    def tier(self) -> int:
        return int(self.score)


class Kind(StrEnum):
    """What a query found, as every page and the CLI say it."""

    EXACT = "exact"  # a key, id, common name, whole title or author and year names one paper
    BEST = "best"  # every word matched, one paper clearly best (MARGIN)
    EQUALS = "equals"  # several equally good: a series (GPT → GPT-1 … GPT-4) or a tie; the reader picks
    CORRECTED = "corrected"  # found only with a misspelt word corrected: "Did you mean …?"
    PARTIAL = "partial"  # no paper has every word: the strong matches of some of them
    NONE = "none"


@dataclass(frozen=True)
class Answer:
    """The one search's answer: how it matched, the hits best first, the equally good best, a spelling suggestion."""

    query: str
    kind: Kind
    hits: tuple[Hit, ...]
    leaders: tuple[str, ...]  # the best hit, or every hit as good as it (the family or the tie)
    suggestion: str = ""  # CORRECTED: the query with its misspelt words corrected

    @property
    def keys(self) -> list[str]:
        return [hit.key for hit in self.hits]

    @property
    def offered(self) -> list[str]:
        """What a page offers to pick from: the family or the tie, else the matches best first (at most SHOWN)."""
        return list(self.leaders) if self.kind is Kind.EQUALS else self.keys[:SHOWN]

    @property
    def chosen(self) -> str | None:
        """The one paper the query names by the rule (exact, or clearly best); None for a family, a tie, nothing.
        A typo-corrected answer is chosen too: the app applies it saying "Did you mean …?", the CLI only suggests it."""
        return self.leaders[0] if len(self.leaders) == 1 else None


def compact(text: str) -> str:
    """Lower case letters, digits and CJK only: `GPT-3` and `gpt 3` and `{GPT}-3` compare equal.

    >>> compact("Instruct GPT"), compact("GPT-3"), compact("人类 反馈!")
    ('instructgpt', 'gpt3', '人类反馈')
    """
    return normalise_title(text)


def cjk_pairs(text: str) -> str:
    """Text as the index stores it: each run of Chinese characters as its overlapping pairs (a lone one as itself).

    >>> cjk_pairs("基于人类反馈 (RLHF)")
    '基于 于人 人类 类反 反馈 (RLHF)'
    """
    return _CJK_RUN.sub(lambda m: " ".join(_pairs(m.group())), unicodedata.normalize("NFKC", text))


_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


def _pairs(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)] or [run]


def paper_names(entry: Entry) -> list[str]:
    """The entry's common names (`aka`), as the list gives them."""
    return list(paper_of(entry).aka)


class SearchIndex:
    """The library's names in dictionaries (exact tiers) and its text in an FTS5 index, built once per library."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = list(entries)
        self.kinds = {e.key: e.kind for e in self.entries}
        self.by_exact_key = {e.key: e for e in self.entries}
        lowered: dict[str, list[str]] = defaultdict(list)
        self.by_id: dict[str, list[str]] = defaultdict(list)
        self.by_name: dict[str, list[str]] = defaultdict(list)
        self.by_title: dict[str, list[str]] = defaultdict(list)
        self.by_label: dict[str, list[str]] = defaultdict(list)  # `christiano2017`, `ouyangetal2022`
        for entry in self.entries:
            lowered[entry.key.lower()].append(entry.key)
            for kind, value in identities(entry.get("eprint"), entry.get("doi")):
                self.by_id[f"{kind}:{value.lower()}"].append(entry.key)
            for name in paper_names(entry):
                self.by_name[compact(name)].append(entry.key)
            for title in filter(None, map(compact, (entry.title, entry.get("title_zh"), entry.get("title_seed")))):
                self.by_title[title].append(entry.key)
            paper = paper_of(entry)
            self.by_label[compact(paper.label)].append(entry.key)
            if paper.first_author and entry.year:
                self.by_label[compact(paper.first_author.family) + str(entry.year)].append(entry.key)
        # `dup2020` and `Dup2020`: a key in another case names an entry only when no other key shares that spelling
        self.by_key = {low: keys[0] for low, keys in lowered.items() if len(keys) == 1}
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()  # the app shares one index between sessions (threads)

    # -- exact names -------------------------------------------------------------------------------------------
    def exact(self, query: str) -> list[Hit]:
        """Hits in the exact tiers (key, identifier, common name, whole title, author and year), best first."""
        query = query.strip()
        key = query if query in self.by_exact_key else self.by_key.get(query.lower())
        if key:
            return [Hit(key, KEY, HOW[KEY])]
        ident = _identifier(query)
        if ident:
            return [Hit(k, IDENTIFIER, HOW[IDENTIFIER]) for k in self.by_id.get(ident, [])]
        wanted = compact(query)
        hits: dict[str, Hit] = {}
        for tier, table in ((COMMON_NAME, self.by_name), (TITLE, self.by_title), (LABEL, self.by_label)):
            for k in table.get(wanted, []):
                hits.setdefault(k, Hit(k, tier, HOW[tier]))
        return sorted(hits.values(), key=lambda h: (-h.score, h.key))

    def family(self, query: str) -> list[str]:
        """A series named without its number (`GPT` → GPT-1, GPT-2, GPT-3, GPT-4): the keys with a common name that
        is the query or the query followed by a number, oldest first (then by name). [] for a query ending in a
        number (`GPT-3` names one paper) or one that names no series."""
        wanted = compact(query)
        if not wanted or not wanted[-1].isalpha():
            return []
        keys = {
            k
            for name, found in self.by_name.items()
            if name == wanted or (name.startswith(wanted) and name[len(wanted)].isdigit())
            for k in found
        }
        if len(keys) < 2 or not any(n.startswith(wanted) and n != wanted for n in self.by_name):
            return []

        def order(key: str) -> tuple[int, str, str]:
            entry = self.by_exact_key[key]
            names = sorted(n for n in map(compact, paper_names(entry)) if n.startswith(wanted))
            return (entry.year or 9999, names[-1] if names else "", key)

        return sorted(keys, key=order)

    def find(self, query: str, papers_only: bool = False, papers_first: bool = False) -> Answer:
        """The one search's answer for every page and the CLI: the hits best first (a series in its order ahead of
        the rest, partial matches only the strong ones) and what they amount to (see `Kind`, `MARGIN`).
        `papers_first`: papers only, unless no paper matches (then any entry)."""
        if papers_first:
            answer = self.find(query, papers_only=True)
            return answer if answer.kind is not Kind.NONE else self.find(query)
        ranked = self.search(query)
        family = self.family(query) if ranked and ranked[0].tier == COMMON_NAME else []
        if family:  # the whole series is as good as its unnumbered name: one tier, in the series' order
            step = 1 / (len(family) + 1)
            promoted = [Hit(k, COMMON_NAME + 1 - step * (i + 1), HOW[COMMON_NAME]) for i, k in enumerate(family)]
            ranked = promoted + [h for h in ranked if h.key not in family]
        if papers_only:
            ranked = [h for h in ranked if self.kinds.get(h.key) == "paper"]
        if not ranked:
            return Answer(query, Kind.NONE, (), ())
        top = ranked[0]
        same = [h for h in ranked if h.tier == top.tier]  # exact names tie; full text ties within the MARGIN
        leaders = same if top.tier >= LABEL else [h for h in same if h.strength * MARGIN > top.strength]
        suggestion = self.suggest(query) if top.tier == SPELLING else ""
        if top.tier == SOME_WORDS:
            kind = Kind.PARTIAL
            ranked = [h for h in ranked if h.strength >= STRONG * top.strength][:SHOWN]
        elif top.tier == SPELLING:
            kind = Kind.CORRECTED
        elif len(leaders) > 1:
            kind = Kind.EQUALS
        else:
            kind = Kind.EXACT if top.tier >= LABEL else Kind.BEST
        return Answer(query, kind, tuple(ranked), tuple(h.key for h in leaders), suggestion)

    def headline(self, answer: Answer) -> str:
        """The sentence every page says above what it found (the CLI says the same in its own words)."""
        if answer.kind is Kind.CORRECTED:
            return f"Did you mean {self.did_you_mean(answer)}?"
        if answer.kind is Kind.PARTIAL:
            best = "best first" if answer.chosen else "none clearly best"
            count = f"{len(answer.hits)} partial matches" if len(answer.hits) > 1 else "1 partial match"
            return f"No paper has every word: {count} (some of the words), {best}"
        if answer.kind is Kind.EQUALS:
            return f"{len(answer.leaders)} papers match equally well; pick one"
        if answer.kind is Kind.NONE:
            return "No paper matches that, and none looks close."
        return f"{len(answer.hits)} matches, best first" if len(answer.hits) > 1 else ""

    def did_you_mean(self, answer: Answer) -> str:
        """What "Did you mean …?" says: the best paper's common name when the typed or corrected words are (about)
        that name (`InstructGTP`, `instrukt gpt` → InstructGPT), else the corrected words."""
        corrected, typed = compact(answer.suggestion), compact(answer.query)
        names = paper_names(self.by_exact_key[answer.leaders[0]]) if answer.leaders else []
        alike = [n for n in names if compact(n) == corrected or _ratio(compact(n), typed) >= _TYPO_RATIO]
        return alike[0] if alike else answer.suggestion

    def suggest(self, query: str) -> str:
        """The query with each word the library does not hold replaced by its closest look-alike (`InstructGTP` →
        `instructgpt`)."""
        with self._lock:
            db = self._index()
            words = []
            for word in title_tokens(query):
                if word in STOP_WORDS or _CJK.match(word) or _found(db, f'"{word}"') or _found(db, f'"{word}"*'):
                    words.append(word)
                else:
                    words.append((_look_alikes(db, word) or [word])[0])
        return " ".join(words)

    # -- full text ---------------------------------------------------------------------------------------------
    def search(self, query: str, papers_only: bool = False, limit: int | None = None) -> list[Hit]:
        """Every entry the query finds, best first: exact names, then title and name words, then any words."""
        hits = {h.key: h for h in self.exact(query)}
        if all(h.tier < IDENTIFIER for h in hits.values()):  # a key or a pasted id names one paper, nothing else
            for hit in self.full_text(query):
                hits.setdefault(hit.key, hit)
        ranked = sorted(hits.values(), key=lambda h: (-h.score, h.key))
        if papers_only:
            ranked = [h for h in ranked if self.kinds.get(h.key) == "paper"]
        return ranked[:limit] if limit is not None else ranked

    def full_text(self, query: str) -> list[Hit]:
        """BM25-ranked hits: every word in a name or title; every word anywhere; then some of the words."""
        with self._lock:
            db = self._index()
            words = _words(query)
            groups = [_alternatives(db, word, last=i == len(words) - 1) for i, word in enumerate(words)]
            found = [expression for expression, _ in groups if expression]
            tiers = []
            if found and len(found) == len(groups):
                every = " AND ".join(found)
                if any(corrected for _, corrected in groups):  # a guess: below every match of the words as typed
                    tiers.append((SPELLING, every))
                else:
                    tiers += [(NAME_WORDS, f"{_NAME_COLUMNS} : ({every})"), (WORDS, every)]
            if len(groups) > 1 and found:
                tiers.append((SOME_WORDS, " OR ".join(found)))
            hits: dict[str, Hit] = {}
            for tier, expression in tiers:
                rows = db.execute(
                    f"SELECT key, bm25(docs, {', '.join(map(str, _COLUMNS.values()))}) AS rank "
                    "FROM docs WHERE docs MATCH ? ORDER BY rank",
                    (expression,),
                ).fetchall()
                for key, rank in rows:
                    strength = -rank  # bm25() is negative, lower is better
                    hits.setdefault(key, Hit(key, tier + strength / (1 + strength), HOW[tier], strength))
        return sorted(hits.values(), key=lambda h: (-h.score, h.key))

    def _index(self) -> sqlite3.Connection:
        if self._db is None:
            db = sqlite3.connect(":memory:", check_same_thread=False)
            columns = ", ".join(_COLUMNS)
            db.execute(f"CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, {columns}, tokenize='porter unicode61')")
            db.execute("CREATE VIRTUAL TABLE terms USING fts5(word, tokenize='trigram')")
            db.executemany(f"INSERT INTO docs VALUES ({', '.join('?' * (len(_COLUMNS) + 1))})", map(_row, self.entries))
            words = {w for e in self.entries for w in _latin_words(e)}
            db.executemany("INSERT INTO terms VALUES (?)", ((w,) for w in sorted(words)))
            self._db = db
        return self._db


def _words(query: str) -> list[str]:
    return [t for t in title_tokens(query) if t not in STOP_WORDS]


def _alternatives(db: sqlite3.Connection, word: str, last: bool) -> tuple[str, bool]:
    """One word of the query as FTS5 syntax: itself (stemmed by the index), a prefix when it is the word being typed,
    else the library's look-alikes of a misspelt word (True: corrected); Chinese as a phrase of pairs. '' when
    nothing comes close."""
    if _CJK.match(word):
        pairs = _pairs(word)
        return (f'"{pairs[0]}"*' if len(word) == 1 else '"' + " ".join(pairs) + '"'), False
    if _found(db, f'"{word}"'):
        return f'"{word}"', False
    if last and len(word) >= 2 and _found(db, f'"{word}"*'):
        return f'"{word}"*', False
    near = _look_alikes(db, word)
    return ("(" + " OR ".join(f'"{w}"' for w in near) + ")" if near else ""), True


def _found(db: sqlite3.Connection, expression: str) -> bool:
    return db.execute("SELECT 1 FROM docs WHERE docs MATCH ? LIMIT 1", (expression,)).fetchone() is not None


def _look_alikes(db: sqlite3.Connection, word: str) -> list[str]:
    """The library's words within a typo or two of `word` (candidates from the trigram index, best first)."""
    if len(word) < _TYPO_MIN_LENGTH:
        return []
    grams = sorted({word[i : i + 3] for i in range(len(word) - 2)})
    rows = db.execute(
        "SELECT word FROM terms WHERE terms MATCH ? ORDER BY rank LIMIT 50", (" OR ".join(f'"{g}"' for g in grams),)
    ).fetchall()
    # a typo in a whole word (`feedbak`) or in the start of a longer one (`instrukt` for "instructions")
    scored = [(max(_ratio(word, w), _ratio(word, w[: len(word) + 1])), w) for (w,) in rows]
    return [w for ratio, w in sorted(scored, reverse=True) if ratio >= _TYPO_RATIO][:3]


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def _row(entry: Entry) -> tuple[str, ...]:
    text = entry.get
    paper = paper_of(entry)
    names = [*paper.aka, paper.label, entry.key]
    titles = [entry.title, text("title_seed")]
    authors = [*paper.authors, str(entry.year or "")]
    return (
        entry.key,
        " ; ".join(names),
        " ; ".join(t for t in titles if t),
        cjk_pairs(text("title_zh")),
        " ; ".join(authors),
        " ; ".join(text(f) for f in _SUMMARY_FIELDS if text(f)),
        cjk_pairs(" ; ".join(text(f) for f in _SUMMARY_ZH_FIELDS if text(f))),
    )


def _latin_words(entry: Entry) -> set[str]:
    """The entry's Latin words as typed (not stemmed): what a misspelt query word is compared with."""
    fields = ("title", "title_seed", "aka", "author", *_SUMMARY_FIELDS, *_SUMMARY_ZH_FIELDS)
    text = unicodedata.normalize("NFKC", " ".join(entry.get(f) for f in fields)).lower()
    return {t for t in _LATIN.findall(text) if len(t) >= _TYPO_MIN_LENGTH - 1}


def _identifier(query: str) -> str:
    """`arxiv:2203.02155` / `doi:10.x/y` for a pasted id or URL, else ''."""
    try:
        pid = parse_paper_id(query)
    except InvalidIdError:
        return ""
    return f"{pid.kind}:{pid.value.lower()}" if pid.kind in ("arxiv", "doi") else ""

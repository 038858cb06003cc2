"""Find the one paper a command names: key, arXiv id, DOI, common name (`aka`), title words, first author (pure).

The search and its rule are `search.SearchIndex.find`, shared with the app: a command takes the paper the rule
names (exact, or clearly best); a family or a tie of equally good matches is a question for the user, listed; a
typo is suggested ("Did you mean InstructGPT?"), never taken.

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
>>> [m.key for m in index.find("language models")]  # both titles hold the words; the shorter ranks first
['brown2020language', 'ouyang2022training']
>>> index.resolve("Few-shot learner"), index.search.search("few-shot lerners")[0].how  # plural; a typo
('brown2020language', 'words, spelling corrected')
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher

from .errors import UnknownKeyError
from .models import Entry
from .paper import paper_of
from .search import COMMON_NAME, LABEL, SPELLING, TITLE, WORDS, Hit, Kind, SearchIndex, compact, paper_names

Match = Hit  # what `find` returns: a key, a score whose integer part is the tier, and how it matched
__all__ = ["COMMON_NAME", "LABEL", "TITLE", "Match", "PaperIndex", "compact"]


class PaperIndex:
    """The library's search index, with the answers a command needs: one key, or the candidates."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.search = SearchIndex(entries)

    def find(self, query: str) -> list[Match]:
        """Every entry the query names by all of its words or better, best first (tier, then BM25 rank, then key)."""
        if not query.strip():
            return []
        return [hit for hit in self.search.search(query) if hit.tier >= WORDS]

    def closest(self, query: str, limit: int = 5) -> list[Match]:
        """The entries the query names with its spelling corrected, then those whose key, common name, title or label
        look most like the query (for "did you mean")."""
        wanted = compact(query)
        if not wanted:
            return []
        corrected = [hit for hit in self.search.search(query) if hit.tier == SPELLING][:limit]
        scored = []
        for entry in self.search.entries:
            names = (entry.key, paper_of(entry).label, *paper_names(entry), entry.title, entry.get("title_zh"))
            best = 0.0
            for name in filter(None, map(compact, names)):
                matcher = SequenceMatcher(None, wanted, name)
                if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                    best = max(best, matcher.ratio())
            if best >= 0.5:
                scored.append(Match(entry.key, best, "looks like"))
        taken = {hit.key for hit in corrected}
        looks = sorted((m for m in scored if m.key not in taken), key=lambda m: (-m.score, m.key))
        return [*corrected, *looks][:limit]

    def resolve(self, query: str) -> str:
        """The one key the query names by the search's rule (`SearchIndex.find`, as the app applies it);
        UnknownKeyError listing the candidates otherwise. A typo is only suggested: a command does not guess."""
        answer = self.search.find(query)
        if answer.chosen and answer.kind is not Kind.CORRECTED:
            return answer.chosen
        if answer.kind is Kind.CORRECTED:
            mean = self.search.did_you_mean(answer)
            listed = "; ".join(self.describe(k) for k in answer.leaders[:8])
            raise UnknownKeyError(f"no paper matches {query!r}. Did you mean {mean}? {listed}; give its key")
        if answer.kind is Kind.PARTIAL:
            listed = "; ".join(self.describe(k) for k in answer.keys)
            raise UnknownKeyError(
                f"no paper has every word of {query!r}; partial matches, none clearly best: {listed}; give one of "
                "these keys"
            )
        if answer.leaders:
            best = answer.leaders
            listed = "; ".join(self.describe(k) for k in best[:8])
            more = f" and {len(best) - 8} more" if len(best) > 8 else ""
            raise UnknownKeyError(
                f"{query!r} matches {len(best)} papers equally well: {listed}{more}; give one of these keys"
            )
        near = self.closest(query)
        hint = "closest: " + "; ".join(self.describe(m.key) for m in near) if near else "nothing close"
        raise UnknownKeyError(f"no paper matches {query!r} ({hint}); `readinglist list` shows every key")

    def describe(self, key: str) -> str:
        """`ouyang2022training (InstructGPT, Ouyang et al. 2022, Training language models to …)`."""
        entry = self.search.by_exact_key.get(key) or self.search.by_exact_key[self.search.by_key[key.lower()]]
        paper = paper_of(entry)
        title = paper.title if len(paper.title) <= 50 else paper.title[:49] + "…"
        names = paper_names(entry)[:1]
        return f"{entry.key} ({', '.join([*names, paper.label])}, {title})"

"""Paper identifiers as people paste them: arXiv ids and URLs, DOIs, Semantic Scholar ids and URLs.

Everything is checked here, before any request.

>>> parse_paper_id("https://arxiv.org/pdf/2203.02155v3.pdf")
PaperId(kind='arxiv', value='2203.02155')
>>> parse_paper_id("math.GT/0309136v2")
PaperId(kind='arxiv', value='math.GT/0309136')
>>> parse_paper_id("https://doi.org/10.1038/s41586-023-06291-2").s2_id
'DOI:10.1038/s41586-023-06291-2'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from .errors import InvalidIdError

# re.ASCII: `\d` is 0-9 only; fullwidth, Arabic-Indic or Devanagari digits are not an id (and the APIs refuse them).
_NEW_ARXIV = re.compile(r"^(\d{4}\.\d{4,5})(v\d+)?$", re.ASCII)
_OLD_ARXIV = re.compile(r"^([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?$", re.ASCII)
_ARXIV_URL = re.compile(r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(.+?)(?:\.pdf)?/?$", re.I)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$", re.ASCII)
_DOI_URL = re.compile(r"^(?:https?://)?(?:dx\.)?doi\.org/(.+)$", re.I)
_S2_SHA = re.compile(r"^[0-9a-f]{40}$")
_S2_URL = re.compile(r"^(?:https?://)?(?:www\.)?semanticscholar\.org/(?:paper|arxiv)/(?:[^/]+/)?([0-9a-f]{40})", re.I)


@dataclass(frozen=True)
class PaperId:
    kind: str  # arxiv, doi, s2, corpus
    value: str

    @property
    def s2_id(self) -> str:
        """The id in Semantic Scholar's prefixed form (unversioned, so its not-found report is right)."""
        prefix = {"arxiv": "ARXIV:", "doi": "DOI:", "corpus": "CorpusId:", "s2": ""}[self.kind]
        return prefix + self.value


def _valid_new_style(arxiv_id: str) -> bool:
    """YYMM.NNNN until 2014, YYMM.NNNNN from 2015, with a real month."""
    yymm, number = arxiv_id.split(".")
    month = int(yymm[2:])
    return 1 <= month <= 12 and len(number) == (5 if int(yymm) >= 1501 else 4)


def parse_paper_id(text: str) -> PaperId:
    """Normalise one pasted identifier; raise InvalidIdError naming it when it is none of the known forms."""
    raw = text.strip()
    candidate = raw
    url = _ARXIV_URL.match(candidate)
    if url:
        candidate = url.group(1)
    candidate = re.sub(r"^arxiv:", "", candidate, flags=re.I)
    match = _NEW_ARXIV.match(candidate)
    if match and _valid_new_style(match.group(1)):
        return PaperId("arxiv", match.group(1))
    match = _OLD_ARXIV.match(candidate)
    if match:
        return PaperId("arxiv", match.group(1))
    doi_url = _DOI_URL.match(raw)
    doi = unquote(doi_url.group(1)) if doi_url else re.sub(r"^doi:", "", raw, flags=re.I)
    if _DOI.match(doi):
        return PaperId("doi", doi)
    s2 = _S2_URL.match(raw)
    if s2:
        return PaperId("s2", s2.group(1).lower())
    if _S2_SHA.match(raw.lower()):
        return PaperId("s2", raw.lower())
    corpus = re.match(r"^corpusid:(\d+)$", raw, re.I | re.ASCII)
    if corpus:
        return PaperId("corpus", corpus.group(1))
    raise InvalidIdError(
        f"{text!r} is not an arXiv id (2203.02155, hep-th/9901001, an arxiv.org URL), a DOI (10.x/...) or a "
        "Semantic Scholar id; check what you pasted"
    )


def arxiv_base(eprint: str) -> str | None:
    """The unversioned arXiv id an `eprint` value names, or None when it is not an arXiv id.

    >>> arxiv_base("2203.02155v2"), arxiv_base("hep-th/9901001v1"), arxiv_base("nonsense")
    ('2203.02155', 'hep-th/9901001', None)
    """
    try:
        pid = parse_paper_id(eprint)
    except InvalidIdError:
        return None
    return pid.value if pid.kind == "arxiv" else None

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


# Ids a link states (any link of a list: abs/pdf/html pages, publishers' DOI pages, anthologies, forums) -----------
_LINK_ARXIV = re.compile(
    r"arxiv\.org/(?:abs|pdf|html|format)/((?:\d{4}\.\d{4,5})|(?:[a-z\-]+(?:\.[A-Z]{2})?/\d{7}))(?:v\d+)?", re.I
)
_LINK_DOI = re.compile(r"(?<![\w.])(10\.\d{4,9}/[^\s?#&\"'<>]+)")
_PREPRINT_DOI_END = re.compile(r"(v\d+)?(\.full|\.abstract|\.article-info|\.supplementary-material)?(\.pdf)?/?$")
_LINK_ACL = re.compile(
    r"(?:aclweb\.org/anthology|aclanthology\.org)/(?:[A-Z]/[A-Z]\d\d/)?([A-Z]\d{2}-\d{4}|\d{4}\.[a-z\d\-]+\.\d+)",
    re.I,
)
_LINK_OPENREVIEW = re.compile(r"openreview\.net/(?:forum|pdf|attachment)\?(?:[^#]*&)?id=([\w\-]+)", re.I)
_LINK_S2 = re.compile(r"semanticscholar\.org/(?:paper|arxiv)/(?:[^/?#]+/)?([0-9a-f]{40})", re.I)
_LINK_NATURE = re.compile(r"nature\.com/articles/(s\d{5}-\d{3}-\d{4,5}-[0-9a-z])", re.I)
_LINK_PUBMED = re.compile(r"(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(\d+)", re.I)
_LINK_PMC = re.compile(r"ncbi\.nlm\.nih\.gov/pmc/articles/(PMC\d+)", re.I)


def link_ids(url: str) -> dict[str, str]:
    """Every id one link states, by BibTeX field: `eprint` (+ `archiveprefix`), `doi`, `pmid`, `pmcid`,
    `openreview`, `acl` (an ACL Anthology id, with its DOI from 2018 on) and `s2id` (a Semantic Scholar paper id,
    which `enrich` asks by).

    >>> link_ids("https://arxiv.org/html/2402.00782v2")
    {'eprint': '2402.00782', 'archiveprefix': 'arXiv'}
    >>> link_ids("https://www.biorxiv.org/content/10.1101/2020.12.15.422761v1.full.pdf")
    {'doi': '10.1101/2020.12.15.422761'}
    >>> link_ids("https://aclanthology.org/N19-1423.pdf")
    {'doi': '10.18653/v1/N19-1423', 'acl': 'N19-1423'}
    >>> link_ids("https://openreview.net/pdf?id=IKC5TfXLuW0")
    {'openreview': 'IKC5TfXLuW0'}
    """
    url = url.strip()
    found: dict[str, str] = {}
    arxiv = _LINK_ARXIV.search(url)
    if arxiv and _is_arxiv_id(arxiv.group(1)):
        return {"eprint": arxiv.group(1), "archiveprefix": "arXiv"}
    acl = _LINK_ACL.search(url)
    if acl:
        anthology = acl.group(1)
        year = int(anthology[:4]) if anthology[0].isdigit() else 2000 + int(anthology[1:3])
        if year >= 2018 and (anthology[0].isdigit() or year < 2020):  # the Anthology's DOIs: 10.18653/v1/<id>
            found["doi"] = "10.18653/v1/" + anthology
        found["acl"] = anthology
    nature = _LINK_NATURE.search(url)
    doi = _LINK_DOI.search(unquote(url))
    if "doi" not in found and nature:
        found["doi"] = "10.1038/" + nature.group(1).lower()
    elif "doi" not in found and doi:
        value = doi.group(1)
        if re.search(r"(bio|med)rxiv\.org", url, re.I):
            value = _PREPRINT_DOI_END.sub("", value)
        found["doi"] = value.removesuffix(".pdf").rstrip(".")
    for pattern, name in ((_LINK_PUBMED, "pmid"), (_LINK_PMC, "pmcid"), (_LINK_OPENREVIEW, "openreview")):
        match = pattern.search(url)
        if match:
            found[name] = match.group(1)
    s2 = _LINK_S2.search(url)
    if s2:
        found["s2id"] = s2.group(1).lower()
    return found


def _is_arxiv_id(text: str) -> bool:
    try:
        return parse_paper_id(text).kind == "arxiv"
    except InvalidIdError:
        return False


_CODE_HOSTS = re.compile(
    r"^https?://(?:www\.)?(?:github\.com|gitlab\.com|gitee\.com|bitbucket\.org|huggingface\.co)/", re.I
)
_DEMO_HOSTS = re.compile(r"huggingface\.co/spaces/|colab\.research\.google\.com|\.streamlit\.app|gradio\.live", re.I)
_BLOG_HOSTS = re.compile(r"medium\.com|mp\.weixin\.qq\.com|zhuanlan\.zhihu\.com|/blog/|://blog\.|substack\.com", re.I)
_PAPER_HOSTS = re.compile(
    r"arxiv\.org|doi\.org|openreview\.net|aclanthology\.org|aclweb\.org/anthology|semanticscholar\.org|"
    r"dl\.acm\.org|link\.springer\.com|ieeexplore\.ieee\.org|proceedings\.(?:neurips|mlr)|papers\.nips\.cc|"
    r"nature\.com/articles|sciencedirect\.com|pubmed|ncbi\.nlm\.nih\.gov|biorxiv\.org|medrxiv\.org|jmlr\.org|"
    r"aaai\.org|ijcai\.org|openaccess\.thecvf\.com|pubs\.acs\.org|academic\.oup\.com|biomedcentral\.com|"
    r"researchgate\.net|pnas\.org|cell\.com|science\.org|\.pdf(?:$|[?#])",
    re.I,
)


def link_role(url: str) -> str:
    """What a link is by its address alone: `paper`, `code`, `demo`, `blog` or '' (a page of some kind).

    >>> [link_role(u) for u in ("https://arxiv.org/abs/2203.02155", "https://github.com/openai/evals",
    ...  "https://huggingface.co/spaces/x/y", "https://openai.com/blog/chatgpt", "https://example.org")]
    ['paper', 'code', 'demo', 'blog', '']
    """
    if _DEMO_HOSTS.search(url):
        return "demo"
    if link_ids(url) or _PAPER_HOSTS.search(url):
        return "paper"
    if _CODE_HOSTS.search(url):
        return "code"
    if _BLOG_HOSTS.search(url):
        return "blog"
    return ""


def reading_url(arxiv: str = "", doi: str = "", s2_id: str = "") -> str:
    """Where a paper known by these ids can be read: arXiv, else its DOI, else Semantic Scholar ('' for none).

    >>> reading_url(doi="10.1371/journal.pone.0033693"), reading_url()
    ('https://doi.org/10.1371/journal.pone.0033693', '')
    """
    if arxiv:
        return f"https://arxiv.org/abs/{arxiv}"
    if doi:
        return f"https://doi.org/{doi}"
    return f"https://www.semanticscholar.org/paper/{s2_id}" if s2_id else ""

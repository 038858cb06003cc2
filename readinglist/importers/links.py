"""What a list's own words and links say about an item: ids in its links, its venue, a key word, a section slug.

Pure functions of text. Only facts a link or the list states are read; nothing is looked up or guessed.
"""

from __future__ import annotations

import re

_ARXIV = re.compile(
    r"arxiv\.org/(?:abs|pdf)/((?:\d{4}\.\d{4,5})|(?:[a-z\-]+(?:\.[A-Z]{2})?/\d{7}))(?:v\d+)?(?:\.pdf)?", re.I
)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s?#&\"'<>]+)")
_ACL = re.compile(
    r"(?:aclweb\.org/anthology|aclanthology\.org)/(?:[A-Z]/[A-Z]\d\d/)?([A-Z]\d{2}-\d{4}|\d{4}\.[a-z\-]+\.\d+)", re.I
)
_NATURE = re.compile(r"nature\.com/articles/(s\d{5}-\d{3}-\d{4,5}-[0-9a-z])", re.I)
_PUBMED = re.compile(r"(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(\d+)", re.I)
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")

# Venue words a list writes next to a paper ("NIPS 2012", "发表于EMNLP2019", "ACL2020"), as (pattern, name).
CONFERENCES = (
    ("NeurIPS|NIPS", "NeurIPS"),
    ("ICML", "ICML"),
    ("ICLR", "ICLR"),
    ("EMNLP", "EMNLP"),
    ("NAACL", "NAACL"),
    ("COLING", "COLING"),
    ("ACL", "ACL"),
    ("AAAI", "AAAI"),
    ("IJCAI", "IJCAI"),
    ("KDD", "KDD"),
    ("CVPR", "CVPR"),
    ("ICCV", "ICCV"),
    ("ICSR", "ICSR"),
    ("ECML", "ECML PKDD"),
    ("MICCAI", "MICCAI"),
    ("AMIA", "AMIA"),
)
JOURNALS = (
    ("nature medicine", "Nature Medicine"),
    ("scientific ?reports", "Scientific Reports"),
    ("nature", "Nature"),
    ("plos", "PLOS"),
    ("jmir", "JMIR"),
    ("bioinformatics", "Bioinformatics"),
)
POST_HOSTS = ("openai.com/research", "openai.com/blog", "medium.com", "ai-alignment.com", "mp.weixin.qq.com", "blog.")


def ids_from_link(url: str) -> dict[str, str]:
    """`eprint`/`archiveprefix`, `doi` or `pmid` a link states: arXiv abs/pdf, doi.org, ACL Anthology, publishers."""
    url = url.strip()
    found: dict[str, str] = {}
    arxiv = _ARXIV.search(url)
    if arxiv:
        found["eprint"] = arxiv.group(1)
        found["archiveprefix"] = "arXiv"
        return found
    acl = _ACL.search(url)
    nature = _NATURE.search(url)
    doi = _DOI.search(url)
    if acl and _acl_has_doi(acl.group(1)):
        found["doi"] = "10.18653/v1/" + acl.group(1)
    elif nature:
        found["doi"] = "10.1038/" + nature.group(1).lower()
    elif doi:
        found["doi"] = doi.group(1).removesuffix(".pdf").rstrip(".")
    pubmed = _PUBMED.search(url)
    if pubmed:
        found["pmid"] = pubmed.group(1)
    return found


def _acl_has_doi(anthology_id: str) -> bool:
    """ACL Anthology papers carry the DOI 10.18653/v1/<id> from 2018 on (old-style ids P18-, W19-, ...)."""
    if anthology_id[0].isdigit():
        return int(anthology_id[:4]) >= 2018
    return int(anthology_id[1:3]) >= 18


def arxiv_journal(eprint: str) -> str:
    """The journal line of a preprint known only by its arXiv id (the way Google Scholar writes it)."""
    return f"arXiv preprint arXiv:{eprint}"


def venue_from_text(*texts: str) -> tuple[str, dict[str, str]]:
    """Entry type and venue field a list's words state ("(NIPS 2012)", "发表于EMNLP2019"), or ("", {})."""
    for text in texts:
        for pattern, name in CONFERENCES:
            match = re.search(rf"(?<![A-Za-z])(?:{pattern})(?![A-Za-z])\s*'?((?:19|20)\d\d)?", text)
            if match:
                year = f" {match.group(1)}" if match.group(1) else ""
                return "inproceedings", {"booktitle": name + year}
        for pattern, name in JOURNALS:
            if re.search(pattern, text, re.I):
                return "article", {"journal": name}
    return "", {}


def looks_like_post(url: str) -> bool:
    return any(host in url.lower() for host in POST_HOSTS)


def romanise(text: str) -> str:
    """Chinese runs as pinyin words (银行 -> yinhang, by pypinyin's phrase rules); other text unchanged."""
    from pypinyin import lazy_pinyin  # its dictionaries take a quarter of a second to load: only when needed

    return _CJK_RUN.sub(lambda m: " " + "".join(lazy_pinyin(m.group(0)[:4])) + " ", text).strip()


def slug(text: str, words: int = 3) -> str:
    """A section name from a heading's words: its ASCII words, else the pinyin of its Chinese; '' when neither."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    outside = re.sub(r"\([^()]*\)|（[^（）]*）", " ", text)
    ascii_words = re.findall(r"[A-Za-z][A-Za-z0-9+]*", outside) or re.findall(r"[A-Za-z][A-Za-z0-9+]*", text)
    if not ascii_words:
        ascii_words = romanise(" ".join(_CJK_RUN.findall(outside)[:1])).split()
    picked = [w.lower().replace("+", "") for w in ascii_words if w.lower() not in ("the", "of", "and", "a")]
    return "-".join(w for w in picked[:words] if w)

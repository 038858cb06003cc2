"""Library text shown by the app as text, never as Markdown that fetches or formats.

Streamlit renders Markdown in st.markdown, captions, subheaders, alerts and widget labels. A title holding
`![x](http://host/x.png)` would make the browser load that image. Every character Markdown could use is
escaped; web addresses become links we build ourselves, so they still work (not `github\\.com`).
"""

from __future__ import annotations

import re
from urllib.parse import quote

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character: CommonMark escapes them all
_URL = re.compile(r"https?://[^\s<>\"'`\[\]{}|\\^]+[^\s<>\"'`\[\]{}|\\^.,;:!?)]", re.IGNORECASE)


def md_text(text: str) -> str:
    r"""Escape untrusted text for any element that renders Markdown.

    >>> md_text("![x](http://evil/x.png)")
    '\\!\\[x\\]\\(http\\:\\/\\/evil\\/x\\.png\\)'
    """
    return _PUNCTUATION.sub(r"\\\1", text).replace("\n", "  \n")  # a line break stays one


def md_url(url: str) -> str:
    """A web address made safe as a Markdown link target (no `)`, `<`, spaces: nothing breaks out)."""
    return quote(url, safe="/:?#@!$&'*+,;=%~-._")


def is_web_url(url: str) -> bool:
    return bool(re.match(r"https?://[^\s/]", url, re.IGNORECASE))


def md_link(label: str, url: str) -> str:
    """`[label](url)` for http(s) addresses; anything else (javascript:, data:) is shown as plain text."""
    if not is_web_url(url):
        return md_text(label)
    return f"[{md_text(label)}]({md_url(url)})"


def md_text_with_links(text: str) -> str:
    r"""Escape text but keep its web addresses as working links (for summaries and notes).

    >>> md_text_with_links("code: https://github.com/a/b. ![x](http://evil/x.png)")
    'code\\: [https\\:\\/\\/github\\.com\\/a\\/b](https://github.com/a/b)\\. \\!\\[x\\]\\([http\\:\\/\\/evil\\/x\\.png](http://evil/x.png)\\)'
    """
    out, last = [], 0
    for match in _URL.finditer(text):
        out.append(md_text(text[last : match.start()]))
        out.append(md_link(match.group(0), match.group(0)))
        last = match.end()
    out.append(md_text(text[last:]))
    return "".join(out)

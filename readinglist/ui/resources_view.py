"""Resources page: the list's benchmarks, competitions, datasets, model lists, toolkits, products, blogs and links.

Library text is shown through text elements (`st.text`) or escaped Markdown (the table), so nothing in it can
fetch an image or run a script; links are ones we build, only for http(s) addresses.
"""

from __future__ import annotations

import streamlit as st

from ..models import Entry
from .data import load_entries, matches
from .look_up import say_last_lookup
from .safe_text import is_web_url, md_link, md_text

KIND_NAMES = {
    "benchmark": "评测 Benchmarks",
    "competition": "比赛 Competitions",
    "dataset": "数据集 Datasets",
    "model-list": "预训练模型 Model lists",
    "toolkit": "工具包 Toolkits",
    "product": "产品 Products",
    "blog": "博客 Blogs",
    "link": "友情链接 Links",
}

# Column widths of the table: the description gets the room, the short columns only what they need.
TABLE_CSS = (
    " ".join(
        f".st-key-resources-table .col{column} {{ width: {width}; }}"
        for column, width in enumerate(("15%", "5.5%", "42%", "17%", "7.5%", "13%"))  # name kind 介绍 来源 links paper
    )
    + " .st-key-resources-table table { table-layout: fixed; width: 100%; }"
)


def web_link(url: str) -> str | None:
    return url if is_web_url(url) else None


def page() -> None:
    entries, _problems = load_entries()
    resources = [entry for entry in entries if entry.is_resource]
    st.title("Resources")
    say_last_lookup()  # a lookup that ended while this page was open
    if not resources:
        st.info(
            "No resources in this library: import a list with benchmark, dataset or link sections to see them here."
        )
        return
    kinds = [kind for kind in KIND_NAMES if any(entry.kind == kind for entry in resources)]
    picked = st.multiselect(
        "Kind", kinds, default=kinds, format_func=lambda kind: KIND_NAMES[kind], key="resources_kind"
    )
    query = st.text_input("Filter (English / 中文)", key="resources_query")
    shown = [e for e in resources if e.kind in picked and (matches(e, query) or query.lower() in _text(e).lower())]
    st.caption(f"{len(shown)} of {len(resources)} resources")
    if not shown:
        return
    titles = {entry.key: entry.get("title_zh") or entry.title or entry.key for entry in entries}
    st.html(f"<style>{TABLE_CSS}</style>")
    st.container(key="resources-table").table(  # a static table wraps each description in full; escaped Markdown
        [
            {
                "name": md_text(titles[entry.key]),
                "kind": KIND_NAMES[entry.kind].split()[0],
                "介绍": md_text(description(entry)),
                "来源": md_text(entry.get("provider")),
                "links": _links(entry),
                "paper": md_text(titles.get(entry.get("paper"), entry.get("paper"))),
            }
            for entry in shown
        ],
        hide_index=True,
    )
    key = st.selectbox("Details of", [e.key for e in shown], format_func=lambda k: titles[k], key="resources_pick")
    _detail(next(e for e in shown if e.key == key), titles)


DESCRIPTIONS = ("description_zh", "abstract_zh", "abstract", "note")  # the first one written describes it


def description(entry: Entry) -> str:
    """What the resource is, in words: the shipped list's 介绍, else what an imported list wrote (its 简介 or
    内容概述 is read into `abstract_zh`), else its English description or note."""
    return next((entry.get(name) for name in DESCRIPTIONS if entry.get(name)), "")


def _links(entry: Entry) -> str:
    """`open · code` as links we build, only for http(s) addresses; a code link equal to the page is left out."""
    code = entry.get("code") if entry.get("code") != entry.get("url") else ""
    links = [md_link(label, url) for label, url in (("open", entry.get("url")), ("code", code)) if web_link(url)]
    return " · ".join(links)


def _text(entry: Entry) -> str:
    return " ".join([description(entry), entry.get("provider"), entry.get("title_zh")])


def _detail(entry: Entry, titles: dict[str, str]) -> None:
    st.subheader(md_text(titles[entry.key]))
    st.caption(f"{entry.key} · {KIND_NAMES[entry.kind]}")  # a key we made and a kind we named: no library text
    for label, text in (("来源", entry.get("provider")), ("介绍", description(entry))):
        if text:
            st.text(f"{label}：{text}")
    columns = st.columns(3)
    for column, (label, field) in zip(columns, (("Open", "url"), ("Code", "code"), ("More", "links")), strict=True):
        url = web_link(entry.get(field).split(",")[0].strip())
        if url and (field != "code" or entry.get("code") != entry.get("url")):
            column.link_button(label, url)
    if entry.get("paper"):
        st.text(f"Paper: {titles.get(entry.get('paper'), entry.get('paper'))} ({entry.get('paper')})")

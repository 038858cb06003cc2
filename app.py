"""The Streamlit app: `streamlit run app.py` opens $READINGLIST_LIBRARY or ./papers.bib."""

import streamlit as st

import readinglist.ui.conflicts_view as conflicts_view
from readinglist.ui import (
    add_view,
    graph_view,
    import_view,
    look_up,
    order_view,
    papers_view,
    resources_view,
    suggest_view,
    whats_new_view,
)
from readinglist.ui.data import warn_unreadable_entries
from readinglist.ui.page_style import apply_page_style

st.set_page_config(page_title="readinglist", page_icon="📚", layout="wide")
graph_page = st.Page(graph_view.page, title="Graph", url_path="lineage", default=True)  # served at /
pages = [
    graph_page,
    st.Page(lambda: st.switch_page(graph_page), title="Graph", url_path="graph", visibility="hidden"),  # /graph → /
    st.Page(papers_view.page, title="Papers", url_path="papers"),
    st.Page(resources_view.page, title="Resources", url_path="resources"),
    st.Page(order_view.page, title="Reading order", url_path="order"),
    st.Page(add_view.page, title="Add paper", url_path="add"),
    st.Page(suggest_view.page, title="Suggestions", url_path="suggestions"),
    st.Page(whats_new_view.page, title="What's new", url_path="whats-new"),
    st.Page(import_view.page, title="Import list", url_path="import"),
]
apply_page_style()  # every page starts just below the navigation
warn_unreadable_entries()  # entries the store could not read are named on every page
look_up.show_lookup_progress()  # a lookup the reader started; once ended, the page says what it did
st.navigation(conflicts_view.with_conflicts(pages), position="top").run()

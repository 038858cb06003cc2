"""The Streamlit app: `readinglist app` (or `streamlit run app.py` in a checkout) opens the library.

The library is $READINGLIST_LIBRARY or ./papers.bib. Streamlit runs this file as a script on every rerun.
"""

from __future__ import annotations

import streamlit as st

from readinglist.ui import add_view, graph_view, order_view, papers_view, suggest_view


def main() -> None:
    """Register the pages and run the one the browser asks for."""
    st.set_page_config(page_title="readinglist", page_icon="📚", layout="wide")
    pages = [
        st.Page(graph_view.page, title="Graph", url_path="graph", default=True),
        st.Page(papers_view.page, title="Papers", url_path="papers"),
        st.Page(order_view.page, title="Reading order", url_path="order"),
        st.Page(add_view.page, title="Add paper", url_path="add"),
        st.Page(suggest_view.page, title="Suggestions", url_path="suggestions"),
    ]
    st.navigation(pages).run()


if __name__ == "__main__":
    main()

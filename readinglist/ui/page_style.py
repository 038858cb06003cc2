"""What every page shares on screen: it starts just below the top navigation, as the Graph page does.

Streamlit leaves about 6rem above a page's first element; with the navigation at the top that is a ~100 px empty
band above every title.
"""

from __future__ import annotations

import streamlit as st

PAGE_CSS = '[data-testid="stMainBlockContainer"] { padding-top: 4.4rem; padding-left: 2rem; padding-right: 2rem; }'


def apply_page_style() -> None:
    """Inject the shared page rules (a style-only element: it takes no room on the page)."""
    st.html(f"<style>{PAGE_CSS}</style>")

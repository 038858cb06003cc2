"""Streamlit entry point (placeholder until the app issue): shows the library it would explore."""

import streamlit as st

from readinglist.config import default_library_path
from readinglist.store import load_library

st.set_page_config(page_title="readinglist", layout="wide")
st.title("readinglist")
library = load_library(default_library_path())
st.write(f"{len(library)} entries in {default_library_path()}")

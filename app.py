"""The Streamlit app for a checkout: `streamlit run app.py` (pages: readinglist/app/streamlit_app.py)."""

from readinglist.app.streamlit_app import main

main()

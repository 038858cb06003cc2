"""The Streamlit app's pages; only this package imports streamlit."""

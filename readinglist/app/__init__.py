"""The Streamlit app's entry script lives here, alone, because Streamlit puts its folder on `sys.path`."""

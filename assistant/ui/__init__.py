"""Streamlit building blocks shared by the app's pages (kept out of the page scripts)."""

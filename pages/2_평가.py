"""평가 — run eval suites against the assistant (logic in assistant/ui/evals_page.py)."""

import streamlit as st

from assistant.ui.evals_page import render
from assistant.ui.render import friendly_errors

st.set_page_config(page_title="평가 · 의정 리서치 어시스턴트", page_icon="📊", layout="wide")
with friendly_errors():  # a short bilingual message, the details behind a toggle
    render()

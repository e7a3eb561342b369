"""문서함 — the document library page: list, upload, delete, re-index (logic in assistant/ui/library.py)."""

from __future__ import annotations

import streamlit as st

from assistant.ui.library import render
from assistant.ui.render import friendly_errors

st.set_page_config(page_title="문서함 · 의정 리서치 어시스턴트", page_icon="🗂️", layout="wide")
with friendly_errors():  # a short bilingual message, the details behind a toggle
    render()

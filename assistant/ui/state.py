"""The one Assistant per server process, built from settings (index built from corpus/ if missing)."""

from __future__ import annotations

import streamlit as st

from ..pipeline import Assistant, ensure_index
from ..settings import Settings, load_settings


@st.cache_resource(show_spinner="색인을 불러오는 중… (처음 실행이면 corpus/에서 색인을 만듭니다)")
def get_assistant(config_file: str | None = None) -> Assistant:
    settings = load_settings(config_file)
    ensure_index(settings)
    assistant = Assistant(settings)
    _ = assistant.tool_hook  # build the facts tables now, not on the first rule question
    return assistant


def current_settings() -> Settings:
    return get_assistant().settings

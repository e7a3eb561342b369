"""The one Assistant per server process, built from settings (index built from corpus/ if missing)."""

from __future__ import annotations

import os

import streamlit as st

from ..pipeline import Assistant, ensure_index
from ..settings import Settings, load_settings


@st.cache_resource(show_spinner="색인을 불러오는 중… (처음 실행이면 corpus/에서 색인을 만듭니다)")
def get_assistant(config_file: str | None = None) -> Assistant:
    settings = load_settings(config_file, **_secrets())
    ensure_index(settings)
    assistant = Assistant(settings)
    _ = assistant.tool_hook  # build the facts tables now, not on the first rule question
    return assistant


def _secrets() -> dict[str, str]:
    """The LLM API key from Streamlit secrets (`.streamlit/secrets.toml`: COUNCIL_ASSISTANT_LLM_API_KEY
    or llm_api_key) when the environment does not set it. Never logged or shown."""
    if os.environ.get("COUNCIL_ASSISTANT_LLM_API_KEY"):
        return {}
    try:
        key = st.secrets.get("COUNCIL_ASSISTANT_LLM_API_KEY") or st.secrets.get("llm_api_key")
    except Exception:  # no secrets file: nothing to read
        return {}
    return {"llm_api_key": str(key)} if key else {}


def current_settings() -> Settings:
    return get_assistant().settings

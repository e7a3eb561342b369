"""No tracebacks in the UI: an error is a short bilingual message with the details behind a
toggle — here with the Chroma server down (nothing listens on its port)."""

from __future__ import annotations

import html
import socket

from .conftest import ROOT


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # released on close: nothing listens there


def test_chroma_server_down_shows_a_short_message_and_details_toggle(corpus_settings, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from assistant.ui.state import get_assistant

    monkeypatch.setenv("COUNCIL_ASSISTANT_INDEX", str(corpus_settings.index_dir))
    monkeypatch.setenv("COUNCIL_ASSISTANT_CORPUS", str(corpus_settings.corpus_dir))
    monkeypatch.setenv("COUNCIL_ASSISTANT_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("COUNCIL_ASSISTANT_CHROMA_PORT", str(closed_port()))
    get_assistant.clear()
    try:
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
        assert not at.exception, [e.value for e in at.exception]  # no uncaught error, no traceback on the page
        errors = [html.unescape(e.value) for e in at.error]  # the message is escaped like any text
        assert len(errors) == 1 and "Chroma" in errors[0] and "scripts/chroma_server.sh" in errors[0], errors
        assert "Traceback" not in errors[0]
        details = [x for x in at.expander if x.label == "자세히 / details"]
        assert details and "Traceback" in details[0].code[0].value
    finally:
        get_assistant.clear()


def test_show_error_for_an_unexpected_exception_is_generic_and_bilingual():
    from streamlit.testing.v1 import AppTest

    def page():
        from assistant.ui.render import friendly_errors

        with friendly_errors():
            raise KeyError("/srv/secret/path")

    at = AppTest.from_function(page).run()
    assert not at.exception
    assert "something went wrong" in at.error[0].value and "문제가 생겼습니다" in at.error[0].value
    assert "/srv/secret/path" not in at.error[0].value
    assert "/srv/secret/path" in at.expander[0].code[0].value

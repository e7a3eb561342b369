"""Who is using the app: the bind-address check, the login form, "stay logged in" across reloads,
and the workspace (conversations, drafts) of the current user.

streamlit_app.py calls `gate()` before building the navigation, so no page runs for a visitor
who is not logged in. Without login users configured the app is single-user: owner "".
"""

from __future__ import annotations

import html
import time
import zlib
from collections.abc import Mapping
from typing import Any

import streamlit as st

from ..settings import Settings, load_settings
from ..workspace.auth import User, authenticate, load_users_file, make_token, read_token, users_from_secrets, users_path
from ..workspace.guard import refusal
from ..workspace.store import Workspace, workspace_path

COOKIE = "council_login"
USER_KEY = "auth_user"
TOKEN_KEY = "auth_token"


@st.cache_resource(show_spinner=False)
def _workspace(path: str) -> Workspace:
    return Workspace(path)


def settings() -> Settings:
    return load_settings()


def workspace() -> Workspace:
    return _workspace(str(workspace_path(settings())))


def _secrets() -> Mapping[str, Any]:
    try:
        return st.secrets.to_dict()
    except Exception:  # noqa: BLE001 — no secrets file at all is the usual case
        return {}


def users() -> dict[str, User]:
    found = load_users_file(users_path(settings()))
    found.update(users_from_secrets(_secrets()))
    return found


def owner() -> str:
    """The current user's name; "" when the app runs without login."""
    user = st.session_state.get(USER_KEY)
    return user.name if user else ""


def current_user() -> User | None:
    return st.session_state.get(USER_KEY)


def served_over_http() -> bool:
    """A browser session (a real server) rather than a headless AppTest run."""
    try:
        return bool(st.context.headers)
    except Exception:  # noqa: BLE001
        return False


def gate() -> None:
    """Stop the script unless this session may see the app (see the module docstring)."""
    known = users()
    if served_over_http() and not known:
        message = refusal(st.get_option("server.address"), settings(), secrets_={})
        if message:
            print(message, flush=True)  # the server log says it too
            st.error(message)
            st.stop()
    if not known:
        st.session_state.pop(USER_KEY, None)
        return
    user = current_user()
    if user is not None and user.name in known and known[user.name].password_hash == user.password_hash:
        _keep_cookie()
        return
    st.session_state.pop(USER_KEY, None)
    ws = workspace()
    token = st.context.cookies.get(COOKIE) if served_over_http() else None
    if token:
        user = read_token(ws.secret(), token, known, ws.session_epoch)
        if user is not None:
            st.session_state[USER_KEY] = user
            st.session_state[TOKEN_KEY] = token
            return
    clear_cookie_after_logout()
    _login_form(known, ws)
    st.stop()


def _login_form(known: dict[str, User], ws: Workspace) -> None:
    st.title("의정 리서치 어시스턴트")
    st.caption("이 서버는 로그인한 사용자만 쓸 수 있습니다. 대화와 초안은 사용자마다 따로 저장됩니다.")
    with st.form("login", border=True):
        name = st.text_input("사용자 이름", key="login_name")
        password = st.text_input("비밀번호", type="password", key="login_password")
        go = st.form_submit_button("로그인", type="primary")
    if go:
        user = authenticate(known, name, password)
        if user is None:
            time.sleep(0.5)  # slows guessing a little; scrypt does the rest
            st.error("사용자 이름이나 비밀번호가 맞지 않습니다 / wrong user name or password")
            return
        st.session_state[USER_KEY] = user
        st.session_state[TOKEN_KEY] = make_token(ws.secret(), user, ws.session_epoch(user.name))
        st.rerun()


def _keep_cookie() -> None:
    """Write the login token into a cookie so a reload or a new tab stays logged in."""
    token = st.session_state.get(TOKEN_KEY)
    if token and served_over_http() and st.context.cookies.get(COOKIE) != token:
        _run_js(
            f"document.cookie = '{COOKIE}={token}; path=/; max-age={14 * 86400}; samesite=strict'"
            " + (location.protocol === 'https:' ? '; secure' : '');"
        )


def _run_js(code: str) -> None:
    key = f"js_{zlib.crc32(code.encode())}"
    with st.container(key=key, border=False):
        st.html(f"<script>{code}</script>", unsafe_allow_javascript=True)
    st.html(f"<style>.st-key-{key} {{ display: none; }}</style>")


def render_account() -> None:
    """Sidebar line: who is logged in, and 로그아웃 (ends this user's logins everywhere)."""
    user = current_user()
    if user is None:
        return
    cols = st.columns([3, 2], vertical_alignment="center")
    cols[0].markdown(f"<small>로그인: <b>{html.escape(user.label)}</b></small>", unsafe_allow_html=True)
    if cols[1].button("로그아웃", key="logout"):
        workspace().end_sessions(user.name)
        for key in (USER_KEY, TOKEN_KEY, "conv_id", "draft_id"):
            st.session_state.pop(key, None)
        st.session_state["logged_out"] = True
        st.rerun()


def clear_cookie_after_logout() -> None:
    if st.session_state.pop("logged_out", False) and served_over_http():
        _run_js(f"document.cookie = '{COOKIE}=; path=/; max-age=0; samesite=strict';")

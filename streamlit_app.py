"""의정 리서치 어시스턴트 — the app's entry point: `streamlit run streamlit_app.py` (see README).

Pages are thin scripts over the same library functions as the CLI."""

import streamlit as st

from assistant.ui import account, chrome

st.set_page_config(page_title="의정 리서치 어시스턴트", page_icon=":material/gavel:", layout="wide")
chrome.install()  # Korean uploader texts, [n] highlight, copy buttons, sidebar closing on small screens
account.gate()  # bind-address check and login (when users are configured); stops here otherwise
page = st.navigation(
    [
        st.Page("app_pages/chat.py", title="질문하기", icon=":material/forum:", default=True),
        st.Page("pages/1_문서함.py", title="문서함", icon=":material/folder_open:"),
        st.Page("pages/2_평가.py", title="평가", icon=":material/fact_check:"),
    ]
)
with st.sidebar:
    account.render_account()
page.run()

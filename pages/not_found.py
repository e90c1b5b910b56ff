"""A link to a page that does not exist: said in the page's language, with the way back.

Streamlit's own "Page not found" dialog is English only: the shell registers this page, hidden,
under the path the browser asked for, so that Streamlit finds a page and shows this one instead.
"""

import streamlit as st

from pages.common import shell
from pages.common.i18n import option, t

shell.require_shell()

st.title(t("page_not_found_title"))
st.markdown(t("page_not_found", path=st.context.url.rstrip("/").rsplit("/", 1)[-1] if st.context.url else ""))
for index, (_, name, title, _) in enumerate(shell.PAGES):
    st.page_link(f"pages/{name}.py", label=option("page_", title.removeprefix("page_")))

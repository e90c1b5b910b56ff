"""Shared pieces of the app's pages: translations, session state, cached resources, widgets.

This folder is not scanned for pages: app.py lists them with st.navigation.
"""

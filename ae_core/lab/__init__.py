"""What each page computes, as plain functions of arrays and models (no Streamlit).

Pages call these and show their source in "show the code"; tests call them directly.
"""

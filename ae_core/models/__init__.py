"""The model zoo: one model class per file, registered with :mod:`ae_core.registry`.

Importing this package imports nothing heavy; the registry imports the files when asked.
"""

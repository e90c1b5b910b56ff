"""The class wall's shared state: rooms a teacher opens and the digits students send to them.

``rooms`` holds the rules (codes, tokens, limits, what a share may hold); the stores keep the
data where every app process sees it: ``SQLiteStore`` in one file on this machine (the default),
``RedisStore`` on a Redis server for several machines. :func:`open_store` picks one from the
environment. Nothing here imports Streamlit or Keras.
"""

from __future__ import annotations

import os
from pathlib import Path

from ae_core.classroom.rooms import ClassProblem, Room, Share  # noqa: F401
from ae_core.paths import CACHE_DIR

REDIS_URL_VARIABLE = "AE_LAB_CLASS_REDIS"  # e.g. redis://10.0.0.5:6379/0: every machine shares one Redis
SQLITE_PATH_VARIABLE = "AE_LAB_CLASS_DB"  # the SQLite file (default: in the cache folder)


def default_sqlite_path() -> Path:
    return Path(os.environ.get(SQLITE_PATH_VARIABLE) or CACHE_DIR / "classroom.sqlite3")


def open_store(redis_url: str | None = None, sqlite_path: str | Path | None = None):
    """The store the environment names: Redis when a URL is given or configured, else SQLite."""
    redis_url = redis_url if redis_url is not None else os.environ.get(REDIS_URL_VARIABLE)
    if redis_url:
        from ae_core.classroom.redis_store import RedisStore

        return RedisStore(redis_url)
    from ae_core.classroom.sqlite_store import SQLiteStore

    return SQLiteStore(sqlite_path or default_sqlite_path())

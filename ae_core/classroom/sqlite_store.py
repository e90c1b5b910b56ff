"""The class store in one SQLite file: the default, shared by every app process on this machine.

WAL mode lets the wall read while students write; writes take the file's lock at once
(``BEGIN IMMEDIATE``) and wait up to ``BUSY_SECONDS`` for it. Each thread keeps its own
connection (Streamlit runs every session in its own thread). A file that went missing is
created again, empty: its rooms are gone and the pages say so.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path

from ae_core.classroom import rooms
from ae_core.classroom.rooms import ClassProblem, Room, Share
from ae_core.classroom.store import ClassStore, checked_share_input, now_or

BUSY_SECONDS = 2.0
SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (
    code TEXT PRIMARY KEY,
    teacher_hash TEXT NOT NULL UNIQUE,
    created REAL NOT NULL,
    expires REAL NOT NULL,
    challenge INTEGER,
    version INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS shares (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    room TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE,
    owner TEXT NOT NULL,
    nickname TEXT NOT NULL,
    pixels BLOB NOT NULL,
    shared_at REAL NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS shares_by_room ON shares (room, id);
CREATE INDEX IF NOT EXISTS shares_by_owner ON shares (room, owner, shared_at);
"""


class SQLiteStore(ClassStore):
    kind = "sqlite"

    def __init__(self, path):
        self.path = Path(path)
        self._local = threading.local()  # Streamlit runs sessions in threads: a connection each
        self._ready = False  # schema and WAL mode set up in this file

    # --- connections ---

    def _db(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is not None and not self.path.exists():
            connection.close()  # the file was removed under us: start a new one
            connection = None
        if connection is None:
            try:
                fresh = not self.path.exists()
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
                connection.execute("PRAGMA foreign_keys=ON")
                connection.execute("PRAGMA synchronous=NORMAL")
                if fresh or not self._ready:
                    connection.execute("PRAGMA journal_mode=WAL")  # kept in the file, for every process
                    connection.executescript(SCHEMA)
                    self._ready = True
            except (sqlite3.Error, OSError) as problem:
                raise ClassProblem("store_unavailable", str(problem)) from None
            self._local.connection = connection
        return connection

    @contextmanager
    def _write(self):
        db = self._db()
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as problem:
            raise ClassProblem("store_unavailable", str(problem)) from None
        try:
            yield db
            db.execute("COMMIT")
        except sqlite3.Error as problem:
            db.execute("ROLLBACK")
            raise ClassProblem("store_unavailable", str(problem)) from None
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _read(self, sql: str, parameters=()) -> list[tuple]:
        try:
            return self._db().execute(sql, parameters).fetchall()
        except sqlite3.Error as problem:
            raise ClassProblem("store_unavailable", str(problem)) from None

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    # --- rooms ---

    @staticmethod
    def _room(row) -> Room:
        code, created, expires, challenge, version = row
        return Room(code=code, created=created, expires=expires, challenge=challenge, version=version)

    _ROOM = "SELECT code, created, expires, challenge, version FROM rooms"

    def create_room(self, now=None):
        now = now_or(now)
        self.purge_expired(now)
        token = rooms.new_teacher_token()
        for _ in range(20):
            code = rooms.new_code()
            with self._write() as db:
                if db.execute("SELECT 1 FROM rooms WHERE code = ?", (code,)).fetchone():
                    continue
                db.execute("INSERT INTO rooms (code, teacher_hash, created, expires) VALUES (?, ?, ?, ?)",
                           (code, rooms.token_hash(token), now, now + rooms.ROOM_HOURS * 3600))
            return self.teacher_room(token, now), token
        raise ClassProblem("store_unavailable", "no free join code")

    def teacher_room(self, token, now=None):
        rows = self._read(self._ROOM + " WHERE teacher_hash = ?", (rooms.token_hash(rooms.check_token(token)),))
        if not rows:
            raise ClassProblem("not_teacher")
        room = self._room(rows[0])
        if room.expires <= now_or(now):
            raise ClassProblem("room_gone")
        return room

    def room(self, code, now=None):
        clean = rooms.clean_code(code)
        rows = self._read(self._ROOM + " WHERE code = ? AND expires > ?", (clean, now_or(now))) if clean else []
        if not rows:
            raise ClassProblem("wrong_code")
        return self._room(rows[0])

    def end_room(self, token):
        room = self.teacher_room(token)
        with self._write() as db:
            db.execute("DELETE FROM rooms WHERE code = ?", (room.code,))

    def set_challenge(self, token, challenge):
        challenge = rooms.check_challenge(challenge)
        room = self.teacher_room(token)
        with self._write() as db:
            db.execute("UPDATE rooms SET challenge = ?, version = version + 1 WHERE code = ?", (challenge, room.code))
        return self.teacher_room(token)

    def purge_expired(self, now=None):
        with self._write() as db:
            return db.execute("DELETE FROM rooms WHERE expires <= ?", (now_or(now),)).rowcount

    # --- shares ---

    _SHARE = "SELECT id, pixels, nickname, shared_at, hidden, owner FROM shares"

    @staticmethod
    def _share(row) -> Share:
        share_id, pixels, nickname, shared_at, hidden, owner = row
        return Share(id=share_id, pixels=rooms.check_pixels(pixels), nickname=nickname, shared_at=shared_at,
                     hidden=bool(hidden), owner=owner)

    def share(self, code, owner, digit, nickname="", now=None):
        code, owner, pixels, nickname = checked_share_input(code, owner, digit, nickname)
        now = now_or(now)
        with self._write() as db:
            if not db.execute("SELECT 1 FROM rooms WHERE code = ? AND expires > ?", (code, now)).fetchone():
                raise ClassProblem("wrong_code")
            recent, mine = db.execute(
                "SELECT COUNT(*) FILTER (WHERE shared_at > ?), COUNT(*) FROM shares WHERE room = ? AND owner = ?",
                (now - rooms.SHARE_WINDOW_SECONDS, code, owner)).fetchone()
            if recent >= rooms.SHARES_PER_WINDOW:
                raise ClassProblem("rate_limited")
            if mine >= rooms.SHARES_PER_STUDENT:
                raise ClassProblem("student_full")
            (total,) = db.execute("SELECT COUNT(*) FROM shares WHERE room = ?", (code,)).fetchone()
            if total >= rooms.SHARES_PER_ROOM:
                raise ClassProblem("room_full")
            cursor = db.execute(
                "INSERT INTO shares (room, owner, nickname, pixels, shared_at) VALUES (?, ?, ?, ?, ?)",
                (code, owner, nickname, pixels, now))
            db.execute("UPDATE rooms SET version = version + 1 WHERE code = ?", (code,))
            share_id = cursor.lastrowid
        return Share(id=share_id, pixels=pixels, nickname=nickname, shared_at=now, hidden=False, owner=owner)

    def own_shares(self, code, owner):
        room = self.room(code)
        owner = rooms.check_owner(owner)
        return [self._share(row) for row in self._read(self._SHARE + " WHERE room = ? AND owner = ? ORDER BY id",
                                                        (room.code, owner))]

    def withdraw(self, code, owner, share_id):
        room = self.room(code)
        owner = rooms.check_owner(owner)
        with self._write() as db:
            gone = db.execute("DELETE FROM shares WHERE id = ? AND room = ? AND owner = ?",
                              (int(share_id), room.code, owner)).rowcount
            if not gone:
                raise ClassProblem("not_yours")
            db.execute("UPDATE rooms SET version = version + 1 WHERE code = ?", (room.code,))

    def wall_shares(self, token, after_id=0):
        room = self.teacher_room(token)
        return [self._share(row) for row in self._read(self._SHARE + " WHERE room = ? AND id > ? ORDER BY id",
                                                        (room.code, int(after_id)))]

    def wall_state(self, token):
        room = self.teacher_room(token)
        rows = self._read("SELECT id, hidden FROM shares WHERE room = ?", (room.code,))
        return room, {share_id: bool(hidden) for share_id, hidden in rows}

    def set_hidden(self, token, share_ids, hidden):
        room = self.teacher_room(token)
        ids = [int(i) for i in share_ids]
        with self._write() as db:
            db.executemany("UPDATE shares SET hidden = ? WHERE id = ? AND room = ?",
                           [(int(bool(hidden)), share_id, room.code) for share_id in ids])
            db.execute("UPDATE rooms SET version = version + 1 WHERE code = ?", (room.code,))

    def clear(self, token):
        room = self.teacher_room(token)
        with self._write() as db:
            db.execute("DELETE FROM shares WHERE room = ?", (room.code,))
            db.execute("UPDATE rooms SET version = version + 1 WHERE code = ?", (room.code,))

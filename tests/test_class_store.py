"""The class store's contract, on SQLite and on a real redis-server: rooms, opt-in shares that only
their sender and the teacher see, limits, expiry, and a store that goes away mid-lesson."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

from ae_core.classroom import open_store, rooms
from ae_core.classroom.rooms import ClassProblem
from tests.launch import REDIS_SERVER, REPO_ROOT, running_redis

T0 = 1_800_000_000.0  # a fixed "now": the tests move time by hand


@pytest.fixture(scope="module")
def redis_url():
    if not os.path.exists(REDIS_SERVER):
        if os.environ.get("AE_LAB_CI") == "1":
            pytest.fail("redis-server is not installed (apt-get install -y redis-server)")
        pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
    with running_redis() as url:
        yield url


@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path):
    if request.param == "sqlite":
        opened = open_store(redis_url="", sqlite_path=tmp_path / "class.sqlite3")
    else:
        url = request.getfixturevalue("redis_url")
        opened = open_store(redis_url=url)
        opened.client.flushdb()
    yield opened
    opened.close()


def a_digit(seed: int = 0) -> np.ndarray:
    digit = np.zeros((28, 28), np.float32)
    rng = np.random.default_rng(seed)
    digit[6:22, 10 + seed % 5:14 + seed % 5] = rng.uniform(0.5, 1.0, (16, 4))
    return digit


def test_a_new_room_has_a_typeable_code_and_a_secret_token(store):
    room, token = store.create_room(now=T0)
    assert rooms.clean_code(room.code) == room.code
    assert len(token) >= 32 and token != room.code
    assert store.room(room.code.lower(), now=T0 + 1) == store.teacher_room(token, now=T0 + 1)
    assert store.room(room.code[:2] + "-" + room.code[2:], now=T0).code == room.code  # typed with a dash


def test_the_join_code_never_opens_the_wall(store):
    room, token = store.create_room(now=T0)
    for guess in (room.code, room.code * 5, token[:-1] + ("A" if token[-1] != "A" else "B")):
        with pytest.raises(ClassProblem) as refused:
            store.teacher_room(guess, now=T0)
        assert refused.value.code == "not_teacher"


def test_wrong_codes_are_refused_with_wrong_code(store):
    store.create_room(now=T0)
    for code in ("", "ABC", "OOOOO", "<script>", "A" * 10_000, None, 12345):
        with pytest.raises(ClassProblem) as refused:
            store.room(code, now=T0)
        assert refused.value.code == "wrong_code"


def test_a_share_reaches_the_wall_and_its_sender_only(store):
    room, token = store.create_room(now=T0)
    alice, bob = rooms.new_owner(), rooms.new_owner()
    sent = store.share(room.code, alice, a_digit(1), "Alicia", now=T0 + 1)
    store.share(room.code, bob, a_digit(2), "", now=T0 + 2)
    wall = store.wall_shares(token)
    assert [s.nickname for s in wall] == ["Alicia", ""]
    assert wall[0].id == sent.id and np.allclose(wall[0].image(), a_digit(1), atol=1 / 255)
    assert [s.id for s in store.own_shares(room.code, alice)] == [sent.id]
    assert [s.owner for s in store.own_shares(room.code, bob)] == [bob]
    assert store.wall_shares(token, after_id=sent.id)[0].owner == bob


def test_only_the_sender_can_take_a_share_back(store):
    room, token = store.create_room(now=T0)
    alice, bob = rooms.new_owner(), rooms.new_owner()
    sent = store.share(room.code, alice, a_digit(), now=T0)
    with pytest.raises(ClassProblem) as refused:
        store.withdraw(room.code, bob, sent.id)
    assert refused.value.code == "not_yours"
    version = store.teacher_room(token, now=T0).version
    store.withdraw(room.code, alice, sent.id)
    assert store.wall_shares(token) == [] and store.own_shares(room.code, alice) == []
    assert store.teacher_room(token, now=T0).version > version  # the wall notices


def test_one_browser_cannot_flood_the_room(store):
    room, _ = store.create_room(now=T0)
    flooder, other = rooms.new_owner(), rooms.new_owner()
    for i in range(rooms.SHARES_PER_WINDOW):
        store.share(room.code, flooder, a_digit(i), now=T0 + i * 0.1)
    with pytest.raises(ClassProblem) as refused:
        store.share(room.code, flooder, a_digit(), now=T0 + 1)
    assert refused.value.code == "rate_limited"
    store.share(room.code, other, a_digit(), now=T0 + 1)  # the others are not slowed
    store.share(room.code, flooder, a_digit(), now=T0 + rooms.SHARE_WINDOW_SECONDS + 1)  # the window moved on


def test_a_student_has_a_cap_on_live_shares(store, monkeypatch):
    monkeypatch.setattr(rooms, "SHARES_PER_STUDENT", 3)
    room, _ = store.create_room(now=T0)
    owner = rooms.new_owner()
    for i in range(3):
        store.share(room.code, owner, a_digit(i), now=T0 + 20 * i)
    with pytest.raises(ClassProblem) as refused:
        store.share(room.code, owner, a_digit(), now=T0 + 100)
    assert refused.value.code == "student_full"


@pytest.mark.parametrize("payload, problem", [
    (np.zeros((28, 28)), "empty_digit"),
    (np.ones((280, 280)), "bad_digit"),
    (np.ones((28, 27)), "bad_digit"),
    (np.full((28, 28), 2.0), "bad_digit"),
    (np.full((28, 28), np.nan), "bad_digit"),
    ("not a digit", "bad_digit"),
    ([[object()] * 28] * 28, "bad_digit"),
])
def test_malformed_or_oversized_digits_are_refused(store, payload, problem):
    room, token = store.create_room(now=T0)
    with pytest.raises(ClassProblem) as refused:
        store.share(room.code, rooms.new_owner(), payload, now=T0)
    assert refused.value.code == problem
    assert store.wall_shares(token) == []


def test_nicknames_are_plain_short_text(store):
    room, token = store.create_room(now=T0)
    owner = rooms.new_owner()
    store.share(room.code, owner, a_digit(), "<b>Ana</b>\x00\u202e  " + "x" * 10_000, now=T0)
    (share,) = store.wall_shares(token)
    assert share.nickname.startswith("<b>Ana</b> x") and len(share.nickname) == rooms.NICKNAME_MAX
    assert "\x00" not in share.nickname and "\u202e" not in share.nickname


def test_hide_clear_and_challenge_change_what_the_wall_sees(store):
    room, token = store.create_room(now=T0)
    owner = rooms.new_owner()
    first = store.share(room.code, owner, a_digit(1), now=T0)
    second = store.share(room.code, owner, a_digit(2), now=T0 + 1)
    store.set_hidden(token, [first.id], True)
    assert store.wall_state(token)[1] == {first.id: True, second.id: False}
    assert [s.hidden for s in store.wall_shares(token)] == [True, False]
    store.set_hidden(token, [first.id], False)
    assert store.wall_state(token)[1] == {first.id: False, second.id: False}
    assert store.set_challenge(token, 3).challenge == 3 and store.room(room.code).challenge == 3
    assert store.set_challenge(token, None).challenge is None
    with pytest.raises(ClassProblem):
        store.set_challenge(token, 10)
    store.clear(token)
    assert store.wall_state(token)[1] == {} and store.own_shares(room.code, owner) == []
    store.share(room.code, owner, a_digit(), now=T0 + 2)  # the room stays open


def test_an_ended_room_is_gone_for_everyone(store):
    room, token = store.create_room(now=T0)
    owner = rooms.new_owner()
    store.share(room.code, owner, a_digit(), now=T0)
    store.end_room(token)
    for call in (lambda: store.room(room.code), lambda: store.share(room.code, owner, a_digit(), now=T0 + 1)):
        with pytest.raises(ClassProblem) as refused:
            call()
        assert refused.value.code == "wrong_code"
    with pytest.raises(ClassProblem):
        store.wall_shares(token)


def test_rooms_expire_after_the_lesson(store):
    room, token = store.create_room(now=T0)
    later = T0 + rooms.ROOM_HOURS * 3600 + 1
    with pytest.raises(ClassProblem) as refused:
        store.room(room.code, now=later)
    assert refused.value.code == "wrong_code"
    with pytest.raises(ClassProblem) as refused:
        store.teacher_room(token, now=later)
    assert refused.value.code == "room_gone"
    with pytest.raises(ClassProblem):
        store.share(room.code, rooms.new_owner(), a_digit(), now=later)


def test_expired_rooms_are_removed_from_the_sqlite_file(tmp_path):
    store = open_store(redis_url="", sqlite_path=tmp_path / "class.sqlite3")
    room, _ = store.create_room(now=T0)
    store.share(room.code, rooms.new_owner(), a_digit(), now=T0)
    assert store.purge_expired(now=T0 + rooms.ROOM_HOURS * 3600 + 1) == 1
    assert store._read("SELECT COUNT(*) FROM shares") == [(0,)]


def test_redis_keys_expire_with_the_room(redis_url):
    store = open_store(redis_url=redis_url)
    room, token = store.create_room()
    store.share(room.code, rooms.new_owner(), a_digit())
    ttls = [store.client.pttl(key) for key in store.client.keys(f"aelab:{room.code}:*")]
    assert len(ttls) >= 4 and all(0 < ttl <= rooms.ROOM_HOURS * 3600 * 1000 for ttl in ttls)
    assert 0 < store.client.pttl(store._teacher_key(token)) <= rooms.ROOM_HOURS * 3600 * 1000


def test_concurrent_shares_are_neither_lost_nor_duplicated(store):
    room, token = store.create_room()
    owners = [rooms.new_owner() for _ in range(8)]
    errors = []

    def student(owner):
        try:
            for i in range(rooms.SHARES_PER_WINDOW):
                store.share(room.code, owner, a_digit(i), f"s{owners.index(owner)}-{i}")
        except Exception as problem:  # noqa: BLE001 - reported below
            errors.append(problem)
        finally:
            if store.kind == "sqlite":
                store.close()  # this thread's connection

    threads = [threading.Thread(target=student, args=(owner,)) for owner in owners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    names = [s.nickname for s in store.wall_shares(token)]
    assert sorted(names) == sorted(f"s{o}-{i}" for o in range(8) for i in range(rooms.SHARES_PER_WINDOW))


def test_two_processes_share_one_sqlite_room(tmp_path):
    path = tmp_path / "class.sqlite3"
    store = open_store(redis_url="", sqlite_path=path)
    room, token = store.create_room()
    owner = rooms.new_owner()
    script = textwrap.dedent(f"""
        import numpy as np
        from ae_core.classroom import open_store
        store = open_store(redis_url="", sqlite_path={str(path)!r})
        digit = np.zeros((28, 28)); digit[5:20, 12:15] = 1
        store.share({room.code!r}, {owner!r}, digit, "other process")
        print(len(store.own_shares({room.code!r}, "0" * 32)))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0"  # a different session sees none of it
    assert [s.nickname for s in store.wall_shares(token)] == ["other process"]


def test_a_missing_sqlite_file_means_the_rooms_are_gone(tmp_path):
    path = tmp_path / "class.sqlite3"
    store = open_store(redis_url="", sqlite_path=path)
    room, token = store.create_room()
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"class.sqlite3{suffix}").unlink(missing_ok=True)
    with pytest.raises(ClassProblem) as refused:
        store.room(room.code)
    assert refused.value.code == "wrong_code"
    with pytest.raises(ClassProblem) as refused:
        store.teacher_room(token)
    assert refused.value.code == "not_teacher"


def test_a_locked_sqlite_file_is_store_unavailable(tmp_path, monkeypatch):
    from ae_core.classroom import sqlite_store

    monkeypatch.setattr(sqlite_store, "BUSY_SECONDS", 0.2)
    path = tmp_path / "class.sqlite3"
    store = open_store(redis_url="", sqlite_path=path)
    room, _ = store.create_room()
    import sqlite3

    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(ClassProblem) as refused:
            open_store(redis_url="", sqlite_path=path).share(room.code, rooms.new_owner(), a_digit())
        assert refused.value.code == "store_unavailable"
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_an_unwritable_sqlite_place_is_store_unavailable(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ClassProblem) as refused:
        open_store(redis_url="", sqlite_path=blocker / "class.sqlite3").create_room()
    assert refused.value.code == "store_unavailable"


def test_redis_going_away_mid_lesson_is_store_unavailable():
    if not os.path.exists(REDIS_SERVER):
        pytest.skip("redis-server is not installed")
    with running_redis() as url:
        store = open_store(redis_url=url)
        room, token = store.create_room()
        owner = rooms.new_owner()
        store.share(room.code, owner, a_digit())
    # The server is stopped now (left the with block).
    for call in (lambda: store.room(room.code), lambda: store.share(room.code, owner, a_digit()),
                 lambda: store.wall_state(token), lambda: store.create_room()):
        with pytest.raises(ClassProblem) as refused:
            call()
        assert refused.value.code == "store_unavailable"

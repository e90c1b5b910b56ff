"""The class store on a Redis server: for app processes on several machines behind nginx.

Every key of a room expires with the room (Redis removes them itself). A share is checked and
written by one Lua script, so two processes cannot both slip past a limit. Any Redis error
(the server gone mid-lesson, a timeout) becomes ``ClassProblem("store_unavailable")``.
"""

from __future__ import annotations

import base64
import functools
import json
import math

from ae_core.classroom import rooms
from ae_core.classroom.rooms import ClassProblem, Room, Share
from ae_core.classroom.store import ClassStore, checked_share_input, now_or

PREFIX = "aelab:"
TIMEOUT_SECONDS = 1.0

# KEYS: room, shares, owner's ids, sequence, owners. ARGV: now, window, per window, per student,
# per room, the share's JSON, owner. Returns the new id, or a negative refusal.
_SHARE_SCRIPT = """
local expires = redis.call('HGET', KEYS[1], 'expires')
if not expires or tonumber(expires) <= tonumber(ARGV[1]) then return -1 end
local since = '(' .. string.format('%.6f', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCOUNT', KEYS[3], since, '+inf') >= tonumber(ARGV[3]) then return -2 end
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[4]) then return -3 end
if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[5]) then return -4 end
local id = redis.call('INCR', KEYS[4])
redis.call('HSET', KEYS[2], id, ARGV[6])
redis.call('ZADD', KEYS[3], ARGV[1], id)
redis.call('SADD', KEYS[5], ARGV[7])
redis.call('HINCRBY', KEYS[1], 'version', 1)
local at = math.ceil(tonumber(expires) * 1000)
for i = 2, 5 do if i ~= 4 then redis.call('PEXPIREAT', KEYS[i], at) end end
return id
"""
_REFUSALS = {-1: "wrong_code", -2: "rate_limited", -3: "student_full", -4: "room_full"}

# KEYS: room, shares, owner's ids, hidden. ARGV: id. 0 when the id is not this owner's.
_WITHDRAW_SCRIPT = """
if redis.call('ZREM', KEYS[3], ARGV[1]) == 0 then return 0 end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('SREM', KEYS[4], ARGV[1])
redis.call('HINCRBY', KEYS[1], 'version', 1)
return 1
"""


def _guarded(method):
    """Redis errors as the pages' store_unavailable."""

    @functools.wraps(method)
    def run(self, *args, **kwargs):
        import redis

        try:
            return method(self, *args, **kwargs)
        except redis.exceptions.RedisError as problem:
            raise ClassProblem("store_unavailable", f"{type(problem).__name__}: {problem}") from None

    return run


class RedisStore(ClassStore):
    kind = "redis"

    def __init__(self, url: str):
        import redis

        self.url = url
        self.client = redis.Redis.from_url(url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS,
                                           health_check_interval=30)
        self._share_script = self.client.register_script(_SHARE_SCRIPT)
        self._withdraw_script = self.client.register_script(_WITHDRAW_SCRIPT)

    # --- keys ---

    @staticmethod
    def _keys(code: str) -> dict[str, str]:
        base = f"{PREFIX}{code}:"
        return {"room": base + "room", "shares": base + "shares", "hidden": base + "hidden", "owners": base + "owners"}

    @staticmethod
    def _owner_key(code: str, owner: str) -> str:
        return f"{PREFIX}{code}:owner:{owner}"

    @staticmethod
    def _teacher_key(token: str) -> str:
        return f"{PREFIX}teacher:{rooms.token_hash(token)}"

    @staticmethod
    def _as_room(code: str, fields: dict) -> Room:
        challenge = fields.get(b"challenge", b"")
        return Room(code=code, created=float(fields[b"created"]), expires=float(fields[b"expires"]),
                    challenge=int(challenge) if challenge else None, version=int(fields.get(b"version", 0)))

    @staticmethod
    def _as_share(share_id, packed) -> Share:
        try:
            fields = json.loads(packed)
            pixels = base64.b64decode(fields["p"])
            return Share(id=int(share_id), pixels=rooms.check_pixels(pixels), nickname=str(fields["n"]),
                         shared_at=float(fields["t"]), hidden=False, owner=str(fields["o"]))
        except (ValueError, KeyError, TypeError) as problem:
            raise ClassProblem("bad_digit", f"stored share damaged: {problem}") from None

    # --- rooms ---

    @_guarded
    def create_room(self, now=None):
        now = now_or(now)
        token = rooms.new_teacher_token()
        expires = now + rooms.ROOM_HOURS * 3600
        at = math.ceil(expires * 1000)
        for _ in range(20):
            code = rooms.new_code()
            keys = self._keys(code)
            # HSETNX claims the code atomically; a second process drawing the same code tries another.
            if not self.client.hsetnx(keys["room"], "created", repr(now)):
                continue
            with self.client.pipeline(transaction=True) as pipe:
                pipe.hset(keys["room"], mapping={"expires": repr(expires), "version": 0, "challenge": ""})
                pipe.pexpireat(keys["room"], at)
                pipe.set(self._teacher_key(token), code, pxat=at)
                pipe.execute()
            return self.teacher_room(token, now), token
        raise ClassProblem("store_unavailable", "no free join code")

    def _teacher_code(self, token) -> str:
        code = self.client.get(self._teacher_key(rooms.check_token(token)))
        if code is None:
            raise ClassProblem("not_teacher")
        return code.decode()

    @_guarded
    def teacher_room(self, token, now=None):
        code = self._teacher_code(token)
        fields = self.client.hgetall(self._keys(code)["room"])
        if b"expires" not in fields or float(fields[b"expires"]) <= now_or(now):
            raise ClassProblem("room_gone")
        return self._as_room(code, fields)

    @_guarded
    def room(self, code, now=None):
        clean = rooms.clean_code(code)
        fields = self.client.hgetall(self._keys(clean)["room"]) if clean else {}
        if b"expires" not in fields or float(fields[b"expires"]) <= now_or(now):
            raise ClassProblem("wrong_code")
        return self._as_room(clean, fields)

    @_guarded
    def end_room(self, token):
        room = self.teacher_room(token)
        keys = self._keys(room.code)
        owners = [o.decode() for o in self.client.smembers(keys["owners"])]
        self.client.delete(*keys.values(), self._teacher_key(token), *(self._owner_key(room.code, o) for o in owners))

    @_guarded
    def set_challenge(self, token, challenge):
        challenge = rooms.check_challenge(challenge)
        room = self.teacher_room(token)
        key = self._keys(room.code)["room"]
        with self.client.pipeline(transaction=True) as pipe:
            pipe.hset(key, "challenge", "" if challenge is None else str(challenge))
            pipe.hincrby(key, "version", 1)
            pipe.execute()
        return self.teacher_room(token)

    def purge_expired(self, now=None):
        return 0  # every key of a room carries the room's expiry: Redis removes them itself

    # --- shares ---

    @_guarded
    def share(self, code, owner, digit, nickname="", now=None):
        code, owner, pixels, nickname = checked_share_input(code, owner, digit, nickname)
        now = now_or(now)
        keys = self._keys(code)
        packed = json.dumps({"o": owner, "n": nickname, "t": now, "p": base64.b64encode(pixels).decode()})
        result = int(self._share_script(
            keys=[keys["room"], keys["shares"], self._owner_key(code, owner), f"{PREFIX}sequence", keys["owners"]],
            args=[repr(now), rooms.SHARE_WINDOW_SECONDS, rooms.SHARES_PER_WINDOW, rooms.SHARES_PER_STUDENT,
                  rooms.SHARES_PER_ROOM, packed, owner]))
        if result < 0:
            raise ClassProblem(_REFUSALS[result])
        return Share(id=result, pixels=pixels, nickname=nickname, shared_at=now, hidden=False, owner=owner)

    @_guarded
    def own_shares(self, code, owner):
        room = self.room(code)
        owner = rooms.check_owner(owner)
        ids = self.client.zrange(self._owner_key(room.code, owner), 0, -1)
        if not ids:
            return []
        keys = self._keys(room.code)
        hidden = self.client.smembers(keys["hidden"])
        packed = self.client.hmget(keys["shares"], ids)
        found = [self._as_share(i, p) for i, p in zip(ids, packed) if p is not None]
        return sorted((_with_hidden(s, hidden) for s in found), key=lambda s: s.id)

    @_guarded
    def withdraw(self, code, owner, share_id):
        room = self.room(code)
        owner = rooms.check_owner(owner)
        keys = self._keys(room.code)
        done = self._withdraw_script(keys=[keys["room"], keys["shares"], self._owner_key(room.code, owner), keys["hidden"]],
                                     args=[int(share_id)])
        if not int(done):
            raise ClassProblem("not_yours")

    @_guarded
    def wall_shares(self, token, after_id=0):
        room = self.teacher_room(token)
        keys = self._keys(room.code)
        ids = sorted(int(i) for i in self.client.hkeys(keys["shares"]) if int(i) > int(after_id))
        if not ids:
            return []
        hidden = self.client.smembers(keys["hidden"])
        packed = self.client.hmget(keys["shares"], ids)
        return [_with_hidden(self._as_share(i, p), hidden) for i, p in zip(ids, packed) if p is not None]

    @_guarded
    def wall_state(self, token):
        room = self.teacher_room(token)
        keys = self._keys(room.code)
        with self.client.pipeline(transaction=True) as pipe:
            pipe.hkeys(keys["shares"])
            pipe.smembers(keys["hidden"])
            ids, hidden = pipe.execute()
        hidden_ids = {int(i) for i in hidden}
        return room, {int(i): int(i) in hidden_ids for i in ids}

    @_guarded
    def set_hidden(self, token, share_ids, hidden):
        room = self.teacher_room(token)
        keys = self._keys(room.code)
        ids = [int(i) for i in share_ids]
        with self.client.pipeline(transaction=True) as pipe:
            if ids:
                (pipe.sadd if hidden else pipe.srem)(keys["hidden"], *ids)
                pipe.pexpireat(keys["hidden"], math.ceil(room.expires * 1000))
            pipe.hincrby(keys["room"], "version", 1)
            pipe.execute()

    @_guarded
    def clear(self, token):
        room = self.teacher_room(token)
        keys = self._keys(room.code)
        owners = [o.decode() for o in self.client.smembers(keys["owners"])]
        with self.client.pipeline(transaction=True) as pipe:
            pipe.delete(keys["shares"], keys["hidden"], keys["owners"], *(self._owner_key(room.code, o) for o in owners))
            pipe.hincrby(keys["room"], "version", 1)
            pipe.execute()

    def close(self) -> None:
        self.client.close()


def _with_hidden(share: Share, hidden_ids) -> Share:
    if str(share.id).encode() in hidden_ids:
        return Share(**{**share.__dict__, "hidden": True})
    return share

"""The cache: Redis when configured, and this process's memory while Redis cannot be reached.

django-redis can ignore Redis errors by itself, but then ``cache.add`` answers None: allauth's rate limits take a
lock with it and would refuse every sign-in (429) for as long as Redis is down. Falling back to local memory keeps
pages, sign-in and its lockout working; while Redis is down the lockout counts per server process (with two
gunicorn workers an account takes at most twice its five wrong passwords before it is locked), and the counts
kept in Redis apply again once it is back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache  # type: ignore[import-untyped]
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# After a failure, Redis is left alone this long: a request does not wait for a connection timeout on every call.
RETRY_AFTER_SECONDS = 5.0
# The cache operations Django's and allauth's code call; each tries Redis, then memory.
OPERATIONS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "set_many",
    "delete_many",
    "has_key",
    "incr",
    "decr",
    "clear",
)


class RedisCacheWithFallback(RedisCache):
    """django-redis that answers from this process's memory while Redis is unreachable (and logs it once)."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        params = {**params, "OPTIONS": {**params.get("OPTIONS", {}), "IGNORE_EXCEPTIONS": False}}
        super().__init__(server, params)
        self._fallback = LocMemCache(f"ponte-fallback-{server}", params)
        self._retry_at = 0.0  # 0: Redis answered last time

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if self._retry_at and time.monotonic() < self._retry_at:
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            answer = getattr(super(), name)(*args, **kwargs)
        except UNREACHABLE as error:
            if not self._retry_at:
                logger.warning("Redis cache unreachable (%s): using this process's memory until it is back", error)
            self._retry_at = time.monotonic() + RETRY_AFTER_SECONDS
            return getattr(self._fallback, name)(*args, **kwargs)
        if self._retry_at:
            logger.warning("Redis cache reachable again")
            self._retry_at = 0.0
        return answer


def _falling_back(name: str) -> Callable[..., Any]:
    def operation(self: RedisCacheWithFallback, *args: Any, **kwargs: Any) -> Any:
        return self._call(name, *args, **kwargs)

    operation.__name__ = name
    return operation


for _name in OPERATIONS:
    setattr(RedisCacheWithFallback, _name, _falling_back(_name))

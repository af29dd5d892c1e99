"""The production cache: django-redis with IGNORE_EXCEPTIONS (config/settings/base.py), so a Redis that is
down reads as a miss and drops writes instead of failing the request.

One gap in that option: a failed `add` returns None, which callers read as "the key is already there". allauth
takes a short lock with `cache.add` before counting a sign-in attempt and answers 429 when it cannot, and the
job rate limit (core.throttle) takes its slots with `add`, so with Redis down nobody could sign in or start a
job. Here a failed `add` counts as done, as a failed `set` already does (the value is simply not kept).
"""

from __future__ import annotations

from typing import Any

from django_redis.cache import RedisCache


class TolerantRedisCache(RedisCache):
    def add(self, *args: Any, **kwargs: Any) -> bool:
        added = super().add(*args, **kwargs)
        return True if added is None else bool(added)  # None: Redis refused and the error was ignored

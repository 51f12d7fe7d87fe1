"""Rate limits counted in Redis (REDIS_URL), as several service processes would share them.

Run whenever Redis answers on 127.0.0.1:6379; where it is required (REQUIRE_REDIS=1, as in
CI) and does not, this fails rather than skips."""

from __future__ import annotations

import os
import socket
from typing import Any

import pytest
from django.core.cache import cache, caches
from django.test import Client

from tests.forms_service.test_contact import ANSWERS, hidden

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(settings: Any) -> None:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("Redis on 127.0.0.1:6379 is required here but not reachable")
        pytest.skip("Redis on 127.0.0.1:6379 is not reachable")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"forms-test-{os.getpid()}",
        }
    }
    settings.FORMS_MIN_FILL_SECONDS = 0
    cache.clear()


def test_limits_are_counted_in_redis(redis_cache: None, settings: Any) -> None:
    settings.FORMS_RATE_PER_IP, settings.FORMS_RATE_PER_EMAIL = "2/h", "10/h"
    client = Client()
    codes = [
        client.post("/fr/forms/contact/", {**ANSWERS, **hidden(client, "fr")}).status_code
        for _ in range(3)
    ]
    assert codes == [303, 303, 429]
    assert type(caches["default"]).__name__ == "RedisCache"
    assert any(b"forms-ip" in key or b"rl:" in key for key in redis_keys())
    cache.clear()


def redis_keys() -> list[bytes]:
    import redis

    return list(redis.Redis(host="127.0.0.1", port=6379, db=15).keys("*"))

"""Rate limits counted in Redis (REDIS_URL), as several service processes would share them.

Run whenever Redis answers on 127.0.0.1:6379; where it is required (REQUIRE_REDIS=1, as in
CI) and does not, this fails rather than skips."""

from __future__ import annotations

import os
import runpy
import socket
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache, caches
from django.test import Client

from forms_service.submissions.models import Submission
from tests.conftest import REPO
from tests.forms_service.test_applications import answers, post
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


def test_the_service_sets_a_timeout_on_redis(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FORMS_VAR_DIR", str(tmp_path))  # whatever the settings write
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("FORMS_REDIS_TIMEOUT", "3")
    options = runpy.run_path(str(REPO / "forms_service" / "settings.py"))["CACHES"]["default"]
    assert options["OPTIONS"] == {"socket_connect_timeout": 3.0, "socket_timeout": 3.0}


def test_a_silent_redis_refuses_the_post_as_not_recorded(silent_redis: None) -> None:
    client = Client()
    page = client.post("/en/forms/contact/", {**ANSWERS, **hidden(client, "en")})
    assert page.status_code == 503
    assert "nothing was recorded" in page.content.decode()
    assert 'value="Amal Benali"' in page.content.decode()  # the answers are still there
    assert not Submission.objects.exists()


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


def test_posts_with_files_are_counted_in_redis_before_their_files_are_kept(
    redis_cache: None, live_data: Path, settings: Any
) -> None:
    settings.FORMS_RATE_PER_IP = "2/h"
    client = Client()
    codes = [post(client, "en", answers(project_title="")).status_code for _ in range(3)]
    assert codes == [400, 400, 429]
    assert len(list((settings.FORMS_UPLOAD_DIR / "pending").iterdir())) == 6
    cache.clear()


def redis_keys() -> list[bytes]:
    import redis

    return list(redis.Redis(host="127.0.0.1", port=6379, db=15).keys("*"))

"""Security settings and headers: Django's deployment check passes with the production
settings (and fails with the development ones: the check can fail); every form and staff
page carries a Content-Security-Policy without 'unsafe-inline', and the other headers."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.conftest import REPO

PRODUCTION = {
    "FORMS_DEBUG": "0",
    "FORMS_HTTPS": "1",
    "FORMS_ALLOWED_HOSTS": "portal.example.org",
    "PORTAL_ORIGIN": "https://portal.example.org",
}


def configured(var: Path, **env: str) -> dict[str, str]:
    """The deployment as configured here only: not this test run's own settings."""
    drop = ("FORMS_", "PORTAL_", "DATABASE_URL", "REDIS_URL", "DJANGO_")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    settings = {"DJANGO_SETTINGS_MODULE": "forms_service.settings", "FORMS_VAR_DIR": str(var)}
    return {**clean, **settings, **env}


def deploy_check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=configured(tmp_path, **env),
        cwd=REPO,
        capture_output=True,
        text=True,
    )


def test_the_production_settings_pass_the_deployment_check(tmp_path: Path) -> None:
    done = deploy_check(tmp_path, **PRODUCTION, FORMS_SECRET_KEY=secrets.token_urlsafe(50))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


KEY = "from django.conf import settings; print(settings.SECRET_KEY)"


def secret_key(var: Path, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", KEY], env=configured(var, **env), cwd=REPO, capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    return done.stdout.strip()


def test_without_a_key_production_never_runs_on_a_known_one(tmp_path: Path) -> None:
    """FORMS_DEBUG=0 and no FORMS_SECRET_KEY (`make run`, or an operator who forgot): not the
    development key, whose value is public, but one made at the first start, kept for the next
    and for the worker, readable by the service's user alone."""
    development = secret_key(tmp_path / "dev")
    assert development == "dev-only-not-secret"
    first = secret_key(tmp_path / "one", FORMS_DEBUG="0")
    assert first != development and len(first) >= 50
    assert secret_key(tmp_path / "one", FORMS_DEBUG="0") == first  # kept
    assert secret_key(tmp_path / "two", FORMS_DEBUG="0") != first  # each installation its own
    kept = tmp_path / "one" / "secret-key"
    assert kept.stat().st_mode & 0o777 == 0o600
    assert not list(kept.parent.glob("secret-key.*"))  # the file it was written in, gone
    given = secrets.token_urlsafe(50)
    assert secret_key(tmp_path / "one", FORMS_DEBUG="0", FORMS_SECRET_KEY=given) == given


def test_the_development_settings_fail_it(tmp_path: Path) -> None:
    done = deploy_check(tmp_path)
    assert done.returncode != 0
    warnings = ("security.W004", "security.W008", "security.W009", "security.W018", "portal.W001")
    for warning in warnings:
        assert warning in done.stderr + done.stdout


@pytest.mark.parametrize(
    "path", ["/ar/forms/contact/", "/fr/forms/project-application/", "/staff/login/"]
)
def test_every_page_carries_the_security_headers(path: str, settings: Any) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    html = response.content.decode()
    assert "<style" not in html and " style=" not in html, "inline styles would be refused"


def test_https_is_required_in_production(settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = Client().get("/fr/forms/contact/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = Client().get("/fr/forms/contact/", headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")

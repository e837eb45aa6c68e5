"""Production settings: environment only, no debug, `check --deploy` clean."""

import os
import subprocess
import sys
from pathlib import Path

from tests.convocation_world import signing_keys

ROOT = Path(__file__).resolve().parents[1]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # The test process itself runs with test-only variables; production sees none of them.
    test_only = {
        "DEBUG",
        "SECRET_KEY",
        "SECURE_SSL_REDIRECT",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "SIGNING_DEMO",
    }
    clean = {k: v for k, v in os.environ.items() if k not in test_only}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**clean, "DJANGO_SETTINGS_MODULE": "conseils.settings", **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks() -> None:
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-long-random-secret-key-for-the-test-only-0123456789-abcdefghij",
        AUDIT_KEY="another-long-random-secret-for-the-audit-trail-0123456789-abcdef",
        ALLOWED_HOSTS="conseils.example.org",
        SITE_URL="https://conseils.example.org",
        **signing_keys(),
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_without_the_directors_key_fails_the_deployment_checks() -> None:
    result = manage(
        "check",
        "--deploy",
        SECRET_KEY="a-long-random-secret-key-for-the-test-only-0123456789-abcdefghij",
        ALLOWED_HOSTS="conseils.example.org",
    )
    assert result.returncode != 0
    assert "SIGNING_KEY_FILE and SIGNING_CERT_FILE are not set" in result.stderr


def test_without_a_secret_key_production_refuses_to_start() -> None:
    # A production shell has its DATABASE_URL; with no variable at all, the command is a
    # developer's on the checkout (tests/test_cli_environment.py).
    result = manage("check", DATABASE_URL=f"sqlite:///{ROOT / 'var' / 'unused.sqlite3'}")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_every_installed_app_is_packaged() -> None:
    """The `conseils` command runs from the installed package: an app missing from
    pyproject's package list would only fail there."""
    import tomllib

    from django.conf import settings

    include = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"
    ]["find"]["include"]
    ours = [a for a in settings.INSTALLED_APPS if (ROOT / a.split(".")[0]).is_dir()]
    assert ours and all(f"{app.split('.')[0]}*" in include for app in ours)


def test_make_run_on_another_port_links_to_that_port() -> None:
    """Issue 10 §1.8: `make run PORT=8101` served on 8101, e-mail and feed links said 8000."""
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    root = Path(__file__).resolve().parents[1]
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8101"], cwd=root, env=env, capture_output=True, text=True
    ).stdout
    lines = [line for line in dry.splitlines() if "runserver" in line or "run_huey" in line]
    assert len(lines) == 2
    assert all("SITE_URL=http://127.0.0.1:8101" in line for line in lines)
    given = subprocess.run(
        ["make", "-n", "run", "PORT=8101"],
        cwd=root,
        env={**env, "SITE_URL": "https://conseils.example.org"},
        capture_output=True,
        text=True,
    ).stdout
    assert "SITE_URL=https://conseils.example.org" in given


def test_with_redis_sessions_are_read_from_it_and_without_it_from_the_database() -> None:
    show = "from django.conf import settings as s; print(s.SESSION_ENGINE, s.CACHES['default'])"
    key = "a-long-random-secret-key-for-the-test-only-0123456789-abcdefghij"
    with_redis = manage("shell", "-c", show, SECRET_KEY=key, REDIS_URL="redis://10.0.0.9:6379/3")
    assert with_redis.returncode == 0, with_redis.stderr
    assert "django.contrib.sessions.backends.cached_db {" in with_redis.stdout
    assert "'django.core.cache.backends.redis.RedisCache'" in with_redis.stdout
    assert "'redis://10.0.0.9:6379/3'" in with_redis.stdout
    # Each process's memory would keep a session that another process signed out.
    alone = manage("shell", "-c", show, SECRET_KEY=key, REDIS_URL="")
    assert alone.returncode == 0, alone.stderr
    assert "django.contrib.sessions.backends.db {" in alone.stdout

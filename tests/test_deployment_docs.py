"""The README's production section and deploy/ name every variable the settings read."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SETTINGS = (ROOT / "conseils" / "settings.py").read_text(encoding="utf-8")
ENV_EXAMPLE = (ROOT / "deploy" / "conseils.env.example").read_text(encoding="utf-8")
PRODUCTION = [
    "SECRET_KEY",
    "AUDIT_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SITE_URL",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "DEFAULT_FROM_EMAIL",
    "SIGNING_KEY_FILE",
    "SIGNING_CERT_FILE",
    "TRUSTED_PROXY_COUNT",
    "CONSEILS_VAR_DIR",
    "CONSEILS_PRIVATE_ROOT",
]


def _section(title: str) -> str:
    start = README.index(f"## {title}")
    return README[start : README.index("\n## ", start + 1)]


def test_every_variable_the_settings_read_is_in_the_configuration_table() -> None:
    read = set(re.findall(r'(?:environ\.get|env_bool)\(\s*"([A-Z_]+)"', SETTINGS))
    table = _section("Configuration")
    assert read and {name for name in read if f"`{name}`" not in table} == set()


def test_the_production_example_sets_every_production_variable() -> None:
    example = _section("Production").split("```sh", 1)[1].split("```", 1)[0]
    assert [name for name in PRODUCTION if f"{name}=" not in example] == []
    assert [name for name in PRODUCTION if f"\n{name}=" not in ENV_EXAMPLE] == []


def test_the_deployment_files_share_one_environment_and_append_the_client_address() -> None:
    for unit in ("conseils-web.service", "conseils-worker@.service"):
        text = (ROOT / "deploy" / unit).read_text(encoding="utf-8")
        assert "EnvironmentFile=/etc/conseils/conseils.env" in text
    nginx = (ROOT / "deploy" / "nginx-conseils.conf").read_text(encoding="utf-8")
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in nginx
    assert "X-Forwarded-Proto $scheme" in nginx


def test_the_load_bench_runs_gunicorn_as_the_deployment_unit_does() -> None:
    unit = (ROOT / "deploy" / "conseils-web.service").read_text(encoding="utf-8")
    bench = (ROOT / "bench" / "load.py").read_text(encoding="utf-8")
    threads = re.search(r"--worker-class gthread --threads (\d+)", unit)
    keep_alive = re.search(r"--keep-alive (\d+)", unit)
    assert threads is not None and keep_alive is not None
    assert re.search(rf'"--threads", type=int, default={threads[1]}\b', bench)
    assert f'"--keep-alive={keep_alive[1]}"' in bench
    production = " ".join(_section("Production").split())
    assert (
        f"--worker-class gthread --threads {threads[1]} --keep-alive {keep_alive[1]}" in production
    )


def test_the_load_bench_runs_the_task_workers_at_the_unit_s_priority() -> None:
    unit = (ROOT / "deploy" / "conseils-worker@.service").read_text(encoding="utf-8")
    bench = (ROOT / "bench" / "load.py").read_text(encoding="utf-8")
    nice = re.search(r"^Nice=(\d+)$", unit, re.MULTILINE)
    assert nice is not None and int(nice[1]) > 0
    assert re.search(rf"^WORKER_NICE = {nice[1]}\b", bench, re.MULTILINE)
    assert '"nice", "-n", str(WORKER_NICE)' in bench

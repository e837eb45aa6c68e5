"""`conseils backup` and `conseils restore`: the database and the private files together, in
one archive, restorable on another machine and on either database engine.

The archive (tar.gz) holds `manifest.json`, `data.json` (every row, in Django's JSON fixture
format, datetimes to the microsecond so the audit chain's hashes still hold) and `files/`
(every file a row names, read through its field's storage: a directory, a shared volume or an
object store alike). The rows are read in one transaction (REPEATABLE READ on PostgreSQL: one
snapshot) and the files they name are copied while it is open; one missing fails the backup.
The Code de l'éducation is not in it: `conseils law load` rebuilds it from the shipped text.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.files import File
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

FORMAT = 1
# Rebuilt, transient or created by migrations: never in a backup.
EXCLUDED_APPS = {"contenttypes", "sessions", "axes", "law", "djhuey"}
EXCLUDED_MODELS = {"auth.permission"}
# Written after every row, because the database refuses rows added under them once set
# (a closed vote takes no more ballots: meetings' triggers).
RESTORED_LAST = {("sittings.vote", "closed_at")}


class BackupError(Exception):
    """The archive cannot be made or restored; says why."""


class FullPrecisionEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts datetimes to the millisecond; the audit hashes need them whole."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def backed_up_models() -> list[type[models.Model]]:
    chosen = [
        model
        for config in apps.get_app_configs()
        if config.label not in EXCLUDED_APPS
        for model in config.get_models()
        if model._meta.label_lower not in EXCLUDED_MODELS
        and not model._meta.proxy
        and model._meta.managed
    ]
    ordered = serializers.sort_dependencies([(None, chosen)], allow_cycles=True)
    return list(ordered)


def _rows(chosen: list[type[models.Model]]) -> Iterator[models.Model]:
    for model in chosen:
        yield from model._base_manager.order_by(model._meta.pk.name).iterator(chunk_size=2000)


def _file_fields(chosen: list[type[models.Model]]) -> Iterator[models.FileField]:
    for model in chosen:
        for field in model._meta.fields:
            if isinstance(field, models.FileField):
                yield field


def _field_key(field: models.FileField) -> str:
    return f"{field.model._meta.label_lower}.{field.name}"


def _file_names(field: models.FileField) -> list[str]:
    values = field.model._base_manager.exclude(**{field.name: ""}).values_list(
        field.name, flat=True
    )
    return sorted({str(v) for v in values if v})


@dataclass
class Summary:
    rows: int
    files: int
    path: Path


def backup(path: Path) -> Summary:
    chosen = backed_up_models()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        data = Path(tmp) / "data.json"
        with data.open("w", encoding="utf-8") as stream:
            serializers.serialize(
                "json",
                _rows(chosen),
                stream=stream,
                cls=FullPrecisionEncoder,
                use_natural_foreign_keys=True,
            )
        rows = sum(model._base_manager.count() for model in chosen)
        with tarfile.open(path, "w:gz") as archive:
            files = _add_files(archive, chosen)
            archive.add(data, arcname="data.json")
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "engine": connection.vendor,
                "rows": rows,
                "files": files,
                "migrations": _applied_migrations(),
            }
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
    return Summary(rows=rows, files=files, path=path)


def _add_files(archive: tarfile.TarFile, chosen: list[type[models.Model]]) -> int:
    """Every file a row names, read through its field's storage (a directory, a shared volume
    or an object store alike), under files/<app.model.field>/<name>."""
    count = 0
    for field in _file_fields(chosen):
        for name in _file_names(field):
            try:
                with field.storage.open(name, "rb") as handle:
                    data = handle.read()
            except OSError:
                raise BackupError(
                    f"{name} is named by the database but missing from the file store: "
                    "nothing was written; check the store and retry"
                ) from None
            _add_bytes(archive, f"files/{_field_key(field)}/{name}", data)
            count += 1
    return count


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _applied_migrations() -> dict[str, list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def restore(path: Path) -> Summary:
    """Into a migrated database that holds no account and no audit entry yet."""
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 - closed by the `with` below
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"cannot read {path}: {exc}") from None
    with archive, tempfile.TemporaryDirectory() as tmp:
        manifest = _manifest(archive)
        _check_target(manifest)
        members = [m for m in archive.getmembers() if m.name.startswith("files/") and m.isfile()]
        archive.extract("data.json", tmp, filter="data")
        data = Path(tmp) / "data.json"
        later = _hold_back(data)
        with transaction.atomic():
            call_command("loaddata", str(data), verbosity=0)
            for (label, pk, field), value in later.items():
                model = apps.get_model(label)
                model._base_manager.filter(pk=pk).update(**{field: value})
            fields = {_field_key(f): f for f in _file_fields(backed_up_models())}
            for member in members:
                _restore_file(archive, member, fields)
    return Summary(rows=int(manifest.get("rows", 0)), files=len(members), path=path)


def _restore_file(
    archive: tarfile.TarFile, member: tarfile.TarInfo, fields: dict[str, models.FileField]
) -> None:
    _files, key, name = member.name.split("/", 2)
    field = fields.get(key)
    handle = archive.extractfile(member)
    if field is None or handle is None or ".." in name.split("/") or name.startswith("/"):
        raise BackupError(f"unexpected file in the archive: {member.name}")
    if field.storage.exists(name):
        field.storage.delete(name)  # a leftover of an earlier attempt: the archive wins
    saved = field.storage.save(name, File(handle, name=name))
    if saved != name:
        raise BackupError(f"the file store renamed {name} to {saved}")


def _manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        raw = archive.extractfile("manifest.json")
        manifest = json.loads(raw.read()) if raw is not None else None
    except (KeyError, ValueError, tarfile.TarError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("not a Conseils backup (no readable manifest.json of format 1)")
    return manifest


def _check_target(manifest: dict[str, Any]) -> None:
    from accounts.models import User
    from audit.models import AuditEntry

    if User.objects.exists() or AuditEntry.objects.exists():
        raise BackupError(
            "the database is not empty (it has accounts or audit entries): restore into a "
            "freshly migrated database"
        )
    ours = _applied_migrations()
    for app, names in manifest.get("migrations", {}).items():
        unknown = set(names) - set(ours.get(app, []))
        if app in ours and unknown:
            raise BackupError(
                f"the backup comes from a newer version ({app}: {sorted(unknown)[0]}): "
                "install that version, migrate, then restore"
            )


def _hold_back(data: Path) -> dict[tuple[str, Any, str], Any]:
    """Take out the values written after every row (RESTORED_LAST), rewriting the fixture."""
    objects = json.loads(data.read_text(encoding="utf-8"))
    later: dict[tuple[str, Any, str], Any] = {}
    for obj in objects:
        for label, field in RESTORED_LAST:
            if obj.get("model") == label and obj["fields"].get(field) is not None:
                later[(label, obj["pk"], field)] = obj["fields"][field]
                obj["fields"][field] = None
    if later:
        data.write_text(json.dumps(objects), encoding="utf-8")
    return later

"""`chancery backup` and `chancery restore`: the database and the stored files in one archive.

The archive (a .tar.gz) is portable between SQLite and PostgreSQL:

- ``data.jsonl``: every row, Django's JSON-lines serialization (as ``dumpdata --natural-foreign
  --all`` writes it, but with times to the microsecond), primary keys kept; content types,
  permissions and sessions are left out (``migrate`` recreates the first two, sessions are
  disposable); ``loaddata`` reads it back. Triggers, the full-text index and the
  generated search column are schema, made by ``migrate`` and refilled as rows are inserted.
- ``files/<name>``: every file of the default storage (documents, attachments), walked with the
  storage API so local folders and S3 buckets are treated alike.
- ``manifest.json`` (last): format, versions, the migrations applied, the number of rows per
  model and the SHA-256 of the data and of every file.

The database is read in one snapshot (REPEATABLE READ on PostgreSQL, one transaction on SQLite)
before the files are copied. Files are never changed or deleted once stored, so every file the
snapshot refers to is in the archive; a file uploaded meanwhile is merely extra.

Restoring goes into a migrated database that holds no rows (``--force`` empties a database that
does), puts the files back, loads the rows in one transaction and checks every checksum and
row count against the manifest.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.metadata
import io
import json
import os
import posixpath
import shutil
import tarfile
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import django
from django.apps import apps
from django.core import serializers
from django.core.cache import caches
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "chancery-backup/1"
# Rebuilt by `migrate` (content types, permissions) or disposable (sessions).
EXCLUDED = ("contenttypes", "auth.permission", "sessions")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The archive cannot be made or restored; the message says why."""


@dataclass
class RestoreReport:
    rows: dict[str, int] = field(default_factory=dict)
    files_written: int = 0
    files_already_there: int = 0
    warnings: list[str] = field(default_factory=list)


def backed_up_models() -> list[Any]:
    """The models whose rows go into a backup."""
    models = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        if meta.app_label in EXCLUDED or meta.label_lower in EXCLUDED:
            continue
        models.append(model)
    return models


def walk_storage(storage: Storage, path: str = "") -> Iterator[str]:
    """Every file name in a storage, depth first (FileSystemStorage and S3Storage alike)."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:  # a local storage whose folder was never created: empty
        return
    for name in sorted(files):
        if name:
            yield posixpath.join(path, name) if path else name
    for directory in sorted(directories):
        if directory:
            yield from walk_storage(storage, posixpath.join(path, directory) if path else directory)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sha256_stored(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _applied_migrations(alias: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connections[alias]).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def _chancery_version() -> str:
    try:
        return importlib.metadata.version("chancery")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - running from a checkout
        return "unknown"


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds (ECMA-262); a backup keeps every microsecond."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _dump_database(path: Path, alias: str) -> None:
    """Every row, read in one snapshot of the database, as `dumpdata --format jsonl
    --natural-foreign --all` would write it but with exact times."""
    included = set(backed_up_models())
    app_list = [(config, None) for config in apps.get_app_configs() if config.models_module is not None]
    models = [m for m in serializers.sort_dependencies(app_list, allow_cycles=True) if m in included]

    def rows() -> Iterator[Any]:
        for model in models:
            if router.allow_migrate_model(alias, model):
                yield from model._base_manager.using(alias).order_by(model._meta.pk.name).iterator()

    connection = connections[alias]
    with transaction.atomic(using=alias), path.open("w", encoding="utf-8") as stream:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        serializers.serialize("jsonl", rows(), stream=stream, cls=ExactJSONEncoder,
                              use_natural_foreign_keys=True, use_natural_primary_keys=False)


def _count_rows(path: Path) -> dict[str, int]:
    counts: Counter[str] = Counter()
    with path.open("r", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                counts[json.loads(line)["model"]] += 1
    return dict(sorted(counts.items()))


def _private(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
    return info


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def _add_stored_file(archive: tarfile.TarFile, storage: Storage, name: str) -> dict[str, Any]:
    """Copy one stored file into the archive through a local spool (its size must be known
    before it is written, and an object store's listing and content may disagree)."""
    digest = hashlib.sha256()
    with tempfile.SpooledTemporaryFile(max_size=8 * CHUNK) as spool:
        with storage.open(name, "rb") as source:
            for chunk in iter(lambda: source.read(CHUNK), b""):
                digest.update(chunk)
                spool.write(chunk)
        size = spool.tell()
        spool.seek(0)
        info = tarfile.TarInfo("files/" + name)
        info.size = size
        info.mtime = int(time.time())
        info.mode = 0o600
        archive.addfile(info, spool)
    return {"name": name, "size": size, "sha256": digest.hexdigest()}


def backup(
    destination: str | os.PathLike[str], *, include_files: bool = True, alias: str = DEFAULT_DB_ALIAS,
    storage: Storage | None = None,
) -> dict[str, Any]:
    """Write the archive; returns its manifest. The archive is written under a temporary name and
    renamed when complete, readable by its owner only (it holds personal data)."""
    storage = storage or default_storage
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="chancery-backup-") as work:
        data_path = Path(work) / "data.jsonl"
        _dump_database(data_path, alias)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "chancery_version": _chancery_version(),
            "django_version": django.get_version(),
            "database_vendor": connections[alias].vendor,
            "migrations": _applied_migrations(alias),
            "data": {
                "name": "data.jsonl",
                "size": data_path.stat().st_size,
                "sha256": _sha256_file(data_path),
                "rows": _count_rows(data_path),
            },
            "files_included": include_files,
            "files": [],
        }
        partial = destination.with_name(destination.name + ".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                archive.add(data_path, arcname="data.jsonl", filter=_private)
                if include_files:
                    for name in walk_storage(storage):
                        manifest["files"].append(_add_stored_file(archive, storage, name))
                _add_bytes(archive, "manifest.json",
                           json.dumps(manifest, indent=1, ensure_ascii=False).encode())
            partial.replace(destination)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return manifest


def _safe_member_name(name: str) -> bool:
    normalized = posixpath.normpath(name)
    return not (
        name.startswith("/") or normalized.startswith("..") or "\\" in name or normalized != name
    )


def _extract(source: str | os.PathLike[str], work: Path) -> dict[str, Any]:
    """Unpack the archive into `work` (regular files with safe names only); returns the manifest."""
    try:
        with tarfile.open(source, mode="r:gz") as archive:
            for member in archive:
                if not member.isfile():
                    raise BackupError(f"unexpected entry in the archive: {member.name!r}")
                if not _safe_member_name(member.name):
                    raise BackupError(f"unsafe name in the archive: {member.name!r}")
                target = work / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(member) as data, target.open("wb") as out:  # type: ignore[union-attr]
                    shutil.copyfileobj(data, out, CHUNK)
    except (OSError, EOFError, tarfile.TarError) as exc:
        raise BackupError(f"{source}: not a readable Chancery backup archive ({exc})") from exc
    manifest_path = work / "manifest.json"
    if not manifest_path.exists():
        raise BackupError("the archive has no manifest.json: incomplete or not a Chancery backup")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown archive format {manifest.get('format')!r} (expected {FORMAT})")
    return manifest


def _verify_archive(manifest: dict[str, Any], work: Path) -> None:
    data_path = work / "data.jsonl"
    if not data_path.exists() or _sha256_file(data_path) != manifest["data"]["sha256"]:
        raise BackupError("data.jsonl is missing or damaged (checksum differs from the manifest)")
    listed = set()
    for entry in manifest["files"]:
        name = entry["name"]
        if not _safe_member_name(name):
            raise BackupError(f"unsafe file name in the manifest: {name!r}")
        listed.add(name)
        path = work / "files" / name
        if not path.exists() or _sha256_file(path) != entry["sha256"]:
            raise BackupError(f"{name}: missing or damaged in the archive (checksum differs)")
    files_dir = work / "files"
    if files_dir.exists():
        present = {p.relative_to(files_dir).as_posix() for p in files_dir.rglob("*") if p.is_file()}
        if present - listed:
            raise BackupError(f"files not in the manifest: {sorted(present - listed)[:5]}")


def _check_migrations(manifest: dict[str, Any], alias: str, report: RestoreReport) -> None:
    here = {(app, name) for app, names in _applied_migrations(alias).items() for name in names}
    there = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    missing = sorted(there - here)
    if missing:
        shown = ", ".join(f"{app}.{name}" for app, name in missing[:8])
        raise BackupError(
            f"the database lacks {len(missing)} migration(s) the backup was made with ({shown}). "
            "Run `chancery migrate` first, with the version of Chancery that made the backup "
            f"({manifest.get('chancery_version')}) or a later one."
        )
    extra = sorted(here - there)
    if extra:
        report.warnings.append(
            f"the database has {len(extra)} migration(s) newer than the backup; rows are loaded "
            "as they were: check the result"
        )


def non_empty_models(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    return [m._meta.label for m in backed_up_models() if m._base_manager.using(alias).exists()]


def _storage_clashes(manifest: dict[str, Any], storage: Storage) -> tuple[list[str], set[str]]:
    """(names stored with other content, names already stored with the same content)."""
    clashes, same = [], set()
    for entry in manifest["files"]:
        if storage.exists(entry["name"]):
            if _sha256_stored(storage, entry["name"]) == entry["sha256"]:
                same.add(entry["name"])
            else:
                clashes.append(entry["name"])
    return clashes, same


def _put_file(storage: Storage, name: str, source: Path, sha256: str) -> None:
    if storage.exists(name):
        storage.delete(name)
    with source.open("rb") as handle:
        saved = storage.save(name, File(handle, name=posixpath.basename(name)))
    if saved != name:
        raise BackupError(f"{name}: the storage saved it as {saved!r}")
    if _sha256_stored(storage, name) != sha256:
        raise BackupError(f"{name}: the stored copy differs from the archive after writing")


def restore(
    source: str | os.PathLike[str], *, force: bool = False, alias: str = DEFAULT_DB_ALIAS,
    storage: Storage | None = None, log: IO[str] | None = None,
) -> RestoreReport:
    """Restore an archive made by `backup`. Refuses a database with rows, or stored files with
    other content under the same names, unless `force` (then the database is emptied first and
    those files are replaced)."""
    storage = storage or default_storage
    report = RestoreReport()

    def say(message: str) -> None:
        if log is not None:
            log.write(message + "\n")

    with tempfile.TemporaryDirectory(prefix="chancery-restore-") as tmp:
        work = Path(tmp)
        manifest = _extract(source, work)
        _verify_archive(manifest, work)
        say(f"archive verified: {sum(manifest['data']['rows'].values())} rows, "
            f"{len(manifest['files'])} files, made {manifest['created_at']}")
        _check_migrations(manifest, alias, report)
        occupied = non_empty_models(alias)
        if occupied and not force:
            raise BackupError(
                "the database is not empty (" + ", ".join(occupied[:6])
                + (", …" if len(occupied) > 6 else "")
                + "): restore into a freshly migrated database, or pass --force to erase it"
            )
        clashes, same = _storage_clashes(manifest, storage)
        if clashes and not force:
            raise BackupError(
                f"{len(clashes)} stored file(s) have other content under the same name "
                f"(e.g. {clashes[0]}): pass --force to replace them"
            )
        if occupied:
            say("erasing the database (--force)")
            call_command("flush", interactive=False, database=alias, verbosity=0)
        for entry in manifest["files"]:
            if entry["name"] in same:
                report.files_already_there += 1
                continue
            _put_file(storage, entry["name"], work / "files" / entry["name"], entry["sha256"])
            report.files_written += 1
        say(f"files restored: {report.files_written} written, {report.files_already_there} already there")
        expected = manifest["data"]["rows"]
        if apps.is_installed("django.contrib.contenttypes"):
            # Natural keys resolve through this cache; a flush may have renumbered content types.
            from django.contrib.contenttypes.models import ContentType

            ContentType.objects.clear_cache()
        if sum(expected.values()):
            call_command("loaddata", str(work / "data.jsonl"), database=alias, verbosity=0)
        for label, count in expected.items():
            model = apps.get_model(label)
            actual = model._base_manager.using(alias).count()
            if actual != count:
                raise BackupError(f"{label}: {actual} rows after restoring, the backup had {count}")
        report.rows = dict(expected)
        say(f"rows restored: {sum(expected.values())} in {len(expected)} tables")
    for cache in caches.all(initialized_only=True):
        cache.clear()
    return report

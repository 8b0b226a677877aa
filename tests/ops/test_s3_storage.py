"""Documents on S3-compatible object storage (a local moto server): stored under random keys,
private, read through short-lived signed URLs handed out by the view that checks permission."""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.request
import uuid
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from storages.backends.s3 import S3Storage

from chancery.audit.models import AuditRecord
from chancery.cases.models import Case
from chancery.core.ops.backup import backup
from chancery.settings import s3_storage_from_env
from tests.factories import PDF_BYTES, submit_case


def fetch(url: str) -> tuple[int, bytes, Any]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


@pytest.fixture
def s3(settings, s3_server):
    """The default storage is a fresh private bucket, configured as settings.py does from S3_*."""
    env = {
        "S3_BUCKET": f"chancery-test-{uuid.uuid4().hex[:12]}",
        "S3_ENDPOINT_URL": s3_server,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": "test-access-key",
        "S3_SECRET_ACCESS_KEY": "test-secret-key",
        "S3_ADDRESSING_STYLE": "path",
    }
    client = boto3.client(
        "s3", endpoint_url=s3_server, region_name="us-east-1",
        aws_access_key_id=env["S3_ACCESS_KEY_ID"], aws_secret_access_key=env["S3_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=env["S3_BUCKET"])
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage_from_env(env)}
    return client, env["S3_BUCKET"], s3_server


def test_without_a_bucket_documents_stay_on_local_files():
    assert s3_storage_from_env({}) is None
    assert s3_storage_from_env({"S3_BUCKET": ""}) is None


def test_the_s3_settings_keep_objects_private_and_sign_urls_for_five_minutes():
    storage = s3_storage_from_env({"S3_BUCKET": "docs", "S3_ENDPOINT_URL": "https://s3.example.org"})
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "docs"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] == 300
    assert options["file_overwrite"] is False
    assert options["signature_version"] == "s3v4"


def test_an_uploaded_document_is_a_private_object_under_a_random_key(org, catalog, s3):
    client, bucket, endpoint = s3
    assert isinstance(default_storage, S3Storage)

    case, _key = submit_case(org.fr, name="Nguyễn Thị Bình")
    document = case.documents.get(content_type="application/pdf")
    key = document.file.name
    assert re.fullmatch(r"documents/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", key), key
    assert "Bình" not in key and "passport" not in key

    stored = client.get_object(Bucket=bucket, Key=key)["Body"].read()
    assert stored == PDF_BYTES
    grants = client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]
    assert all(g["Grantee"].get("URI") is None for g in grants)  # no AllUsers / AuthenticatedUsers

    # The object's plain address, without a signature, is refused by the store.
    status, _body, _headers = fetch(f"{endpoint}/{bucket}/{key}")
    assert status == 403

    # The signed address works and says it expires after 300 seconds.
    url = document.file.url
    assert parse_qs(urlsplit(url).query)["X-Amz-Expires"] == ["300"]
    status, body, _headers = fetch(url)
    assert (status, body) == (200, PDF_BYTES)


def test_the_download_view_checks_permission_audits_and_redirects_to_a_signed_url(
        client, org, catalog, s3):
    _client, bucket, endpoint = s3
    case, _key = submit_case(org.fr)
    document = case.documents.get(content_type="application/pdf")
    address = f"/staff/cases/{case.tracking_code}/documents/{document.pk}/"

    client.force_login(org.officer_jp)  # another unit's officer: not even told it exists
    assert client.get(address).status_code == 404
    assert not AuditRecord.objects.filter(action="document.downloaded").exists()

    client.force_login(org.officer)
    response = client.get(address)
    assert response.status_code == 302
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))
    signed = response["Location"]
    assert signed.startswith(f"{endpoint}/{bucket}/{document.file.name}?")
    assert "X-Amz-Signature=" in signed
    assert AuditRecord.objects.filter(
        action="document.downloaded", object_id=str(document.pk), actor=org.officer).count() == 1

    status, body, headers = fetch(signed)
    assert (status, body) == (200, PDF_BYTES)
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"].startswith("attachment;")
    assert headers["Content-Disposition"].endswith('.pdf"')  # the detected type's extension
    assert "no-store" in headers["Cache-Control"]

    # Tampering with the signed address (another key) is refused.
    other = signed.replace(document.file.name, document.file.name.replace(".pdf", "x.pdf"))
    assert fetch(other)[0] == 403


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_walk_the_bucket(org, catalog, s3, settings, tmp_path, s3_server):
    client, bucket, _endpoint = s3
    case, _key = submit_case(org.fr)
    submit_case(org.jp)
    keys = {o["Key"] for o in client.list_objects_v2(Bucket=bucket)["Contents"]}
    assert len(keys) == case.documents.count() * 2 and all(k.startswith("documents/") for k in keys)

    archive = tmp_path / "backup.tar.gz"
    manifest = backup(archive)
    assert {entry["name"] for entry in manifest["files"]} == keys

    # A new installation: empty database, empty bucket.
    call_command("flush", interactive=False, verbosity=0)
    fresh = f"{bucket}-restored"
    client.create_bucket(Bucket=fresh)
    settings.STORAGES = {**settings.STORAGES, "default": {
        **settings.STORAGES["default"],
        "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "bucket_name": fresh},
    }}
    call_command("restore", str(archive), stdout=io.StringIO())
    restored = {o["Key"] for o in client.list_objects_v2(Bucket=fresh)["Contents"]}
    assert restored == keys
    for key in keys:
        original = client.get_object(Bucket=bucket, Key=key)["Body"].read()
        assert client.get_object(Bucket=fresh, Key=key)["Body"].read() == original
        assert [g["Permission"] for g in client.get_object_acl(Bucket=fresh, Key=key)["Grants"]] == [
            "FULL_CONTROL"]
    assert Case.objects.get(pk=case.pk).documents.count() == case.documents.count()


def test_local_documents_have_no_public_address(client, org, catalog, settings):
    case, _key = submit_case(org.fr)
    document = case.documents.first()
    assert default_storage.exists(document.file.name)
    public = settings.MEDIA_URL + document.file.name
    assert client.get(public).status_code == 404
    client.force_login(org.officer)
    assert client.get(public).status_code == 404
    response = client.get(f"/staff/cases/{case.tracking_code}/documents/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == default_storage.open(document.file.name).read()

"""PAdES signatures with pyHanko: sign a PDF with the director's key, validate one, demo keys.

The key and certificate come from SIGNING_KEY_FILE / SIGNING_CERT_FILE. When they are not
set (a demo, a developer's machine), a self-signed pair is generated once under
var/signing/ and every document signed with it says so (`SigningIdentity.is_demo`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

T = TypeVar("T")

DEMO_KEY_NAME = "demo-key.pem"
DEMO_CERT_NAME = "demo-cert.pem"
SIGNATURE_FIELD = "SignatureDirecteur"


class SigningNotConfigured(Exception):
    """SIGNING_KEY_FILE / SIGNING_CERT_FILE are unset in production, or cannot be read."""

    @staticmethod
    def for_users() -> str:
        """What a signer is told instead of the technical reason (which names settings)."""
        return _(
            "La signature n’est pas configurée : l’administrateur doit installer la clé et "
            "le certificat de signature de l’établissement. Rien n’a été signé."
        )


@dataclass(frozen=True)
class SigningIdentity:
    key_file: Path
    cert_file: Path
    is_demo: bool


@dataclass(frozen=True)
class SignatureCheck:
    """What a validator says of the (single) signature of a PDF."""

    intact: bool  # the signed bytes hash to the digest in the signature
    valid: bool  # the signature value checks out against the certificate's public key
    trusted: bool  # the certificate chains up to one of the trust roots given
    covers_whole_file: bool  # nothing was appended after signing
    signer: str

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.covers_whole_file


def demo_directory() -> Path:
    return Path(settings.VAR_DIR) / "signing"


def generate_demo_pair(
    directory: Path | None = None, *, common_name: str = "Démonstration Conseils"
) -> SigningIdentity:
    """A self-signed EC P-256 pair: fast to sign with, and obviously not a real identity."""
    folder = directory or demo_directory()
    folder.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Conseils — certificat de démonstration"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3 * 365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = folder / DEMO_KEY_NAME, folder / DEMO_CERT_NAME
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_file.chmod(0o600)
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    _load_signer.cache_clear()
    return SigningIdentity(key_file, cert_file, is_demo=True)


def configured_identity() -> SigningIdentity:
    """The director's pair when configured; otherwise, in development or on a demonstration
    server (SIGNING_DEMO), the demo pair, generated on first use. A production install without
    the director's pair refuses to sign (and `check --deploy` says so)."""
    key_setting, cert_setting = settings.SIGNING_KEY_FILE, settings.SIGNING_CERT_FILE
    if key_setting and cert_setting:
        identity = SigningIdentity(Path(key_setting), Path(cert_setting), is_demo=False)
        if not (identity.key_file.is_file() and identity.cert_file.is_file()):
            raise SigningNotConfigured(f"cannot read {key_setting} or {cert_setting}")
        return identity
    if not settings.SIGNING_DEMO:
        raise SigningNotConfigured(
            "SIGNING_KEY_FILE and SIGNING_CERT_FILE must be set: production never signs with "
            "the demo certificate"
        )
    folder = demo_directory()
    key_file, cert_file = folder / DEMO_KEY_NAME, folder / DEMO_CERT_NAME
    if key_file.is_file() and cert_file.is_file():
        return SigningIdentity(key_file, cert_file, is_demo=True)
    return generate_demo_pair(folder)


@lru_cache(maxsize=4)
def _load_signer(key_file: str, cert_file: str, mtime: float) -> signers.SimpleSigner:
    # Loading and parsing the key costs more than a signature: a batch reuses it. The
    # modification time is part of the key so that a replaced pair is read again.
    signer = signers.SimpleSigner.load(key_file, cert_file)
    if signer is None:
        raise SigningNotConfigured(f"cannot load the key {key_file} or certificate {cert_file}")
    return signer


def signer_for(identity: SigningIdentity) -> signers.SimpleSigner:
    mtime = max(identity.key_file.stat().st_mtime, identity.cert_file.stat().st_mtime)
    return _load_signer(str(identity.key_file), str(identity.cert_file), mtime)


def sign_pdf(
    data: bytes,
    *,
    identity: SigningIdentity,
    name: str,
    reason: str,
    location: str = "",
) -> bytes:
    """Add a PAdES (ETSI.CAdES.detached) signature covering the whole document."""
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        name=name,
        reason=reason,
        location=location or None,
    )
    signer = signer_for(identity)

    def run() -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        return bytes(signers.sign_pdf(writer, meta, signer=signer).getvalue())

    return _outside_event_loop(run)


def _outside_event_loop(fn: Callable[[], T]) -> T:
    """pyHanko's synchronous API calls asyncio.run(), which fails inside a running event loop
    (an async view, a Playwright-driven test): then it runs on a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result()


def certificate_of(identity: SigningIdentity) -> asn1_x509.Certificate:
    return load_cert_from_pemder(str(identity.cert_file))


def check_signature(
    data: bytes, trust_roots: list[asn1_x509.Certificate] | None = None
) -> SignatureCheck:
    """Validate the document's signature with pyHanko; raise ValueError if there is none."""
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    if not reader.embedded_signatures:
        raise ValueError("the PDF carries no signature")
    embedded = reader.embedded_signatures[0]
    context = ValidationContext(trust_roots=trust_roots or [], allow_fetching=False)
    status = _outside_event_loop(lambda: validate_pdf_signature(embedded, context))
    return SignatureCheck(
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=str(status.signing_cert.subject.human_friendly),
    )

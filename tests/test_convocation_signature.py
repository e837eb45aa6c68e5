"""The director's signature: PAdES, valid for pyHanko and for poppler's pdfsig, broken by
any change of a single byte."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from django.test import override_settings

from convocations import actions as convocations
from documents import signing
from tests.convocation_world import meeting_with_agenda, signing_keys
from tests.people import BaseTestCase


def pdfsig(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(data)
        fh.flush()
        out = subprocess.run(["pdfsig", fh.name], capture_output=True, text=True, check=False)
    return out.stdout + out.stderr


def altered(data: bytes) -> bytes:
    """One byte changed, in the binary comment after the header: still a readable PDF."""
    copy = bytearray(data)
    copy[12] ^= 0x01
    return bytes(copy)


@override_settings(**signing_keys())
class SignatureTests(BaseTestCase):
    def setUp(self) -> None:
        meeting = meeting_with_agenda(self.w)
        self.convocation = convocations.sign(meeting, by=self.w.director)
        self.data = self.convocation.signed_pdf.open("rb").read()
        self.root = signing.certificate_of(signing.configured_identity())

    def test_pyhanko_finds_the_signature_intact_valid_and_covering_the_whole_file(self) -> None:
        check = signing.check_signature(self.data, [self.root])
        assert check.ok and check.trusted
        assert "Diane Directrice" in check.signer

    def test_pdfsig_says_the_signature_is_valid_and_pades(self) -> None:
        report = pdfsig(self.data)
        assert "Signature Validation: Signature is Valid." in report
        assert "ETSI.CAdES.detached" in report
        assert "Total document signed" in report

    def test_one_altered_byte_breaks_the_signature_for_pyhanko(self) -> None:
        check = signing.check_signature(altered(self.data), [self.root])
        assert not check.intact
        assert not check.ok

    def test_one_altered_byte_breaks_the_signature_for_pdfsig(self) -> None:
        report = pdfsig(altered(self.data))
        assert "Signature is Valid." not in report
        assert "Digest Mismatch" in report

    def test_the_register_keeps_the_sha256_of_the_signed_bytes(self) -> None:
        assert self.convocation.signed_sha256 == convocations.sha256(self.data)
        assert not self.convocation.signed_with_demo_certificate


class DemoCertificateTests(BaseTestCase):
    def test_without_a_configured_key_it_signs_with_a_demo_pair_and_says_so(self) -> None:
        with (
            tempfile.TemporaryDirectory() as var,
            override_settings(SIGNING_KEY_FILE="", SIGNING_CERT_FILE="", VAR_DIR=Path(var)),
        ):
            meeting = meeting_with_agenda(self.w)
            convocation = convocations.sign(meeting, by=self.w.director)
            assert (Path(var) / "signing" / "demo-cert.pem").is_file()
            assert convocation.signed_with_demo_certificate
            self.login(self.w.director)
            page = self.client.get(f"/convocations/seance/{meeting.pk}/").content.decode()
            assert "Certificat de démonstration" in page
            assert "sans valeur juridique" in page

"""Electronic seals (电子签章): sign a rendered PDF with the issuing bureau's key (PAdES), and check a signed one.

One interface, whatever holds the key: `sign_pdf(pdf, jurisdiction_code=..., box=..., reason=...)` returns the
signed PDF (an incremental update: the rendered bytes stay untouched in front). Backends, chosen by
`settings.SIGNING["BACKEND"]`:

- ``pkcs11``: the key lives on a PKCS#11 token (the bureau's HSM in production; SoftHSM2 in the demo and the
  tests, set up by `setup_demo_keys`), labelled ``bureau-<division code>``;
- ``pkcs12``: one ``<division code>.p12`` file per bureau (development only);
- ``none``: documents are not signed, and say so where they are verified.

The national seal format (GB/T 38540, SM2) is a further backend behind the same interface: docs/adr/0020.
The signer (loaded key and certificate, open token session) is kept per process, so a warm signature costs
tens of milliseconds.
"""

import asyncio
import datetime
import hashlib
import io
import logging
import os
import re
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pkcs11
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, BoxConstraints, InnerScaling, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import TextStamp, TextStampStyle
from pyhanko_certvalidator import ValidationContext

logger = logging.getLogger(__name__)

FIELD_NAME = "BureauSeal"
KEY_LABEL = "bureau-{code}"
CA_NAME = "社会组织登记电子签章演示根证书"
# The signature's reason carries the document's title and number, inside the signed bytes.
REASON_NUMBER = re.compile(r"编号：(?P<number>[^）]+)）$")


class SigningUnavailable(RuntimeError):
    """The bureau's key cannot be used now (token absent, wrong PIN, no certificate): sign later."""


@dataclass(frozen=True)
class SealBox:
    """Where the seal is printed: a page (from 0) and a rectangle in PDF points, origin at the bottom left."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float


def _outside_event_loop(function, *args, **kwargs):
    """Call `function`, in a thread of its own when this thread runs an event loop (pyHanko's calls run one)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def backend() -> str:
    """The configured backend: pkcs11, pkcs12 or none."""
    return settings.SIGNING["BACKEND"]


def enabled() -> bool:
    """Whether documents are signed at all."""
    return backend() != "none"


def timestamped() -> bool:
    """Whether signatures carry a timestamp from a timestamp authority (PAdES B-T) rather than none (B-B)."""
    return bool(settings.SIGNING["TSA_URL"])


def document_reason(title: str, number: str) -> str:
    """The signature's reason, shown by PDF readers and read back on verification: the title and the number."""
    return f"{title}（编号：{number}）"


def reason_number(reason: str) -> str:
    """The document number inside a signature's reason, or ''."""
    match = REASON_NUMBER.search(reason or "")
    return match.group("number") if match else ""


# -- signing ------------------------------------------------------------------------------------------------------

_signers: dict = {}
_sessions: dict = {}
_lock = threading.Lock()


def _softhsm_environment() -> None:
    """Point SoftHSM2 at the demo token store under the signing directory, unless the environment names one."""
    if "softhsm" in settings.SIGNING["PKCS11_LIBRARY"]:
        os.environ.setdefault("SOFTHSM2_CONF", str(settings.SIGNING_DIR / "softhsm2.conf"))


def _load_certificate(path: Path) -> asn1_x509.Certificate:
    try:
        pem = path.read_bytes()
    except OSError as exc:
        raise SigningUnavailable(f"no signing certificate at {path}") from exc
    return asn1_x509.Certificate.load(x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER))


def _chain() -> list:
    ca = settings.SIGNING["CA_CERT"]
    return [_load_certificate(ca)] if ca.exists() else []


def _pkcs11_session():
    """The process's one session on the token: a PKCS#11 login holds for every session of the application."""
    _softhsm_environment()
    config = settings.SIGNING
    key = (os.getpid(), config["PKCS11_LIBRARY"], config["PKCS11_TOKEN_LABEL"])
    session = _sessions.get(key)
    if session is None:
        try:
            session = open_pkcs11_session(
                config["PKCS11_LIBRARY"],
                token_criteria=TokenCriteria(label=config["PKCS11_TOKEN_LABEL"]),
                user_pin=config["PKCS11_PIN"],
            )
        except Exception as exc:  # noqa: BLE001 - whatever the token library raises, the document is signed later
            raise SigningUnavailable(f"PKCS#11 token {config['PKCS11_TOKEN_LABEL']!r} unavailable: {exc}") from exc
        _sessions[key] = session
    return session


def _pkcs11_signer(code: str):
    config = settings.SIGNING
    return PKCS11Signer(
        _pkcs11_session(),
        key_label=KEY_LABEL.format(code=code),
        signing_cert=_load_certificate(config["CERT_DIR"] / f"{code}.pem"),
        ca_chain=_chain(),
        # SoftHSM2 and many HSMs offer raw ECDSA only: pyHanko hashes, the token signs the digest.
        use_raw_mechanism=True,
    )


def _pkcs12_signer(code: str):
    path = settings.SIGNING["PKCS12_DIR"] / f"{code}.p12"
    if not path.exists():
        raise SigningUnavailable(f"no PKCS#12 file at {path}")
    signer = signers.SimpleSigner.load_pkcs12(
        str(path), passphrase=settings.SIGNING["PKCS12_PASSWORD"].encode(), other_certs=_chain()
    )
    if signer is None:
        raise SigningUnavailable(f"cannot open the PKCS#12 file {path}")
    return signer


def _signer(code: str):
    config = settings.SIGNING
    key = (
        os.getpid(),
        backend(),
        str(config["CERT_DIR"]),
        config["PKCS11_LIBRARY"],
        config["PKCS11_TOKEN_LABEL"],
        code,
    )
    signer = _signers.get(key)
    if signer is None:
        signer = _pkcs11_signer(code) if backend() == "pkcs11" else _pkcs12_signer(code)
        _signers[key] = signer
    return signer


def forget_signers() -> None:
    """Drop the cached signers and close the token session (after the keys changed, or to reconnect)."""
    _signers.clear()
    for key, session in list(_sessions.items()):
        del _sessions[key]
        if key[0] == os.getpid():
            try:
                session.close()
            except Exception:  # noqa: BLE001 - a token that is gone cannot close its session; forgetting it suffices
                logger.info("closing the PKCS#11 session failed", exc_info=True)


def _timestamper():
    url = settings.SIGNING["TSA_URL"]
    return HTTPTimeStamper(url, timeout=10) if url else None


def _stamp_style() -> TextStampStyle:
    # Drawn in the lower part of the printed seal, which names the bureau: small dark-red text, no background.
    # (The appearance uses a standard PDF font, so it is ASCII; the seal and the signature itself carry the names.)
    return TextStampStyle(
        stamp_text="Digitally signed\n%(ts)s",
        timestamp_format="%Y-%m-%d %H:%M",
        border_width=0,
        background=None,
        text_box_style=TextBoxStyle(font_size=4.5, leading=5, text_color=(0.55, 0.08, 0.08)),
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MID,
            y_align=AxisAlignment.ALIGN_MIN,
            margins=Margins(bottom=1),
            inner_content_scaling=InnerScaling.NO_SCALING,
        ),
    )


# Room for the signature container: the ECDSA signature and two certificates take under 2 KB, a timestamp token
# a few more. Reserving it saves pyHanko from signing twice to measure the container.
BYTES_RESERVED = 8192
BYTES_RESERVED_TIMESTAMPED = 16384


def sign_pdf(pdf: bytes, *, jurisdiction_code: str, box: SealBox | None, reason: str, location: str = "") -> bytes:
    """Sign `pdf` with the key of the bureau `jurisdiction_code`, visibly at `box`; marked unsigned if signing is off.

    Raises SigningUnavailable when the key cannot be used now; the caller keeps the document to sign later.
    """
    if not enabled():
        return _marked_unsigned(pdf, box)
    with _lock:
        signer = _signer(jurisdiction_code)
        box_spec = (box.x1, box.y1, box.x2, box.y2) if box else None
        metadata = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason,
            location=location or None,
        )
        pdf_signer = signers.PdfSigner(
            metadata,
            signer=signer,
            timestamper=_timestamper(),
            stamp_style=_stamp_style(),
            new_field_spec=fields.SigFieldSpec(FIELD_NAME, box=box_spec, on_page=box.page if box else 0),
        )
        try:
            output = _outside_event_loop(
                pdf_signer.sign_pdf,
                IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False),
                bytes_reserved=BYTES_RESERVED_TIMESTAMPED if timestamped() else BYTES_RESERVED,
            )
        except (SigningError, TimestampRequestError) as exc:
            # No key, or no answer from the timestamp authority: the document is signed later.
            raise SigningUnavailable(f"{type(exc).__name__}: {exc}") from exc
        except Exception as exc:
            # A token that went away mid-session: reconnect on the next attempt.
            forget_signers()
            if type(exc).__module__.startswith("pkcs11"):
                raise SigningUnavailable(f"{type(exc).__name__}: {exc}") from exc
            raise
    return output.getvalue()


def _marked_unsigned(pdf: bytes, box: SealBox | None) -> bytes:
    """With signing off, say so on the document itself, over the printed seal (an update after the rendering)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    box = box or SealBox(page=0, x1=36, y1=36, x2=156, y2=156)
    style = TextStampStyle(
        stamp_text="NOT DIGITALLY SIGNED",
        border_width=1,
        background=None,
        text_box_style=TextBoxStyle(font_size=7, text_color=(0.55, 0.08, 0.08)),
    )
    constraints = BoxConstraints(width=box.x2 - box.x1, height=18)
    TextStamp(writer, style, box=constraints).apply(box.page, box.x1, box.y1 + (box.y2 - box.y1) / 2 - 9)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


# -- verification -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureCheck:
    """What a PDF's electronic seal says: who signed, when, whether the file is as signed, and which document.

    `outcome` is one of: ``intact`` (signed by a bureau of the register, unchanged since), ``altered`` (the
    signed bytes changed or the file was added to after signing), ``untrusted`` (a sound signature by a key the
    register does not know), ``unsigned`` (no signature) or ``unreadable`` (not a PDF one can read).
    """

    outcome: str
    signer: str = ""
    signed_at: datetime.datetime | None = None
    timestamped: bool = False
    number: str = ""
    reason: str = ""


def _validation_context() -> ValidationContext:
    roots = _chain()
    return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")


def check_pdf(data: bytes) -> SignatureCheck:
    """Validate the first electronic seal of `data` against the register's CA; report what a reader must know."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - a damaged or foreign file of any kind is "unreadable", never a crash
        return SignatureCheck("unreadable")
    if not embedded:
        return SignatureCheck("unsigned")
    signature = embedded[0]
    try:
        status = _outside_event_loop(validate_pdf_signature, signature, _validation_context())
    except Exception:  # noqa: BLE001 - a signature that cannot even be parsed is an altered one
        logger.info("signature validation failed", exc_info=True)
        return SignatureCheck("altered")
    signer = ""
    if status.signing_cert is not None:
        signer = status.signing_cert.subject.native.get("common_name", "")
    reason = str(signature.sig_object.get("/Reason", "") or "")
    common = {
        "signer": signer,
        "signed_at": status.signer_reported_dt,
        "timestamped": status.timestamp_validity is not None,
        "number": reason_number(reason),
        "reason": reason,
    }
    if not status.intact or not status.valid:
        return SignatureCheck("altered", **common)
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return SignatureCheck("altered", **common)
    if not status.trusted:
        return SignatureCheck("untrusted", **common)
    return SignatureCheck("intact", **common)


# -- demo keys ----------------------------------------------------------------------------------------------------


def _name(common_name: str, organization: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_usage(*, signing: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=signing,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signing,
        crl_sign=not signing,
        encipher_only=False,
        decipher_only=False,
    )


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_bytes(data)
    temporary.chmod(0o600)
    temporary.replace(path)


def _demo_ca() -> tuple:
    """The demo CA's key and certificate, created once under the signing directory."""
    key_path = settings.SIGNING_DIR / "ca.key.pem"
    cert_path = settings.SIGNING["CA_CERT"]
    if key_path.exists() and cert_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        return key, x509.load_pem_x509_certificate(cert_path.read_bytes()), False
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    name = _name(CA_NAME, "社会组织登记管理系统（演示）")
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(signing=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(
        key_path,
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
    )
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key, certificate, True


def _bureau_certificate(ca_key, ca_certificate, public_key, authority_name: str) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(_name(authority_name, authority_name))
        .issuer_name(ca_certificate.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=5 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signing=True), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .sign(ca_key, hashes.SHA256())
    )


def _certificate_current(path: Path, public_key, ca_certificate, authority_name: str) -> bool:
    if not path.exists():
        return False
    certificate = x509.load_pem_x509_certificate(path.read_bytes())
    same_key = certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) == public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    fresh = certificate.not_valid_after_utc > datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
    named = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == authority_name
    return same_key and fresh and named and certificate.issuer == ca_certificate.subject


def _softhsm_token() -> bool:
    """Initialise the demo SoftHSM2 token in the signing directory (no root needed); True if created now."""
    directory = settings.SIGNING_DIR / "tokens"
    directory.mkdir(parents=True, exist_ok=True)
    conf = settings.SIGNING_DIR / "softhsm2.conf"
    if not conf.exists():
        conf.write_text(f"directories.tokendir = {directory}\nobjectstore.backend = file\nlog.level = ERROR\n")
    _softhsm_environment()
    environment = {**os.environ}
    label = settings.SIGNING["PKCS11_TOKEN_LABEL"]
    slots = subprocess.run(
        ["softhsm2-util", "--show-slots"], env=environment, capture_output=True, text=True, check=True, timeout=30
    ).stdout
    if re.search(rf"Label:\s+{re.escape(label)}\s*$", slots, re.MULTILINE):
        return False
    pin = settings.SIGNING["PKCS11_PIN"]
    so_pin = hashlib.sha256(f"so:{pin}".encode()).hexdigest()[:16]
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", so_pin, "--pin", pin],
        env=environment,
        capture_output=True,
        check=True,
        timeout=30,
    )
    return True


def _token_public_key(session, code: str):
    """The bureau's public key on the token, generating the key pair (P-256, never extractable) if absent."""
    label = KEY_LABEL.format(code=code)
    found = list(
        session.get_objects({pkcs11.Attribute.CLASS: pkcs11.ObjectClass.PUBLIC_KEY, pkcs11.Attribute.LABEL: label})
    )
    if found:
        public = found[0]
    else:
        parameters = session.create_domain_parameters(
            pkcs11.KeyType.EC, {pkcs11.Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")}, local=True
        )
        public, _private = parameters.generate_keypair(
            store=True, label=label, id=code.encode(), private_template={pkcs11.Attribute.EXTRACTABLE: False}
        )
    return serialization.load_der_public_key(encode_ec_public_key(public)), not found


def setup_demo_keys(bureaus: list[tuple[str, str]]) -> dict:
    """Create the demo CA, the token or PKCS#12 files, one key per bureau, and each bureau's certificate.

    `bureaus` are (division code, authority name) pairs. Idempotent: what exists and still fits is kept.
    """
    forget_signers()
    ca_key, ca_certificate, ca_created = _demo_ca()
    report = {"ca_created": ca_created, "token_created": False, "keys_created": 0, "certificates_issued": 0}
    cert_dir = settings.SIGNING["CERT_DIR"]
    cert_dir.mkdir(parents=True, exist_ok=True)
    if backend() == "pkcs11":
        if "softhsm" in settings.SIGNING["PKCS11_LIBRARY"]:
            report["token_created"] = _softhsm_token()
        _softhsm_environment()
        library = pkcs11.lib(settings.SIGNING["PKCS11_LIBRARY"])
        token = library.get_token(token_label=settings.SIGNING["PKCS11_TOKEN_LABEL"])
        with token.open(rw=True, user_pin=settings.SIGNING["PKCS11_PIN"]) as session:
            for code, authority_name in bureaus:
                public_key, created = _token_public_key(session, code)
                report["keys_created"] += created
                path = cert_dir / f"{code}.pem"
                if not _certificate_current(path, public_key, ca_certificate, authority_name):
                    certificate = _bureau_certificate(ca_key, ca_certificate, public_key, authority_name)
                    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
                    report["certificates_issued"] += 1
    elif backend() == "pkcs12":
        directory = settings.SIGNING["PKCS12_DIR"]
        password = settings.SIGNING["PKCS12_PASSWORD"].encode()
        for code, authority_name in bureaus:
            path = directory / f"{code}.p12"
            if path.exists():
                key, certificate, _others = pkcs12.load_key_and_certificates(path.read_bytes(), password)
                if _certificate_current(cert_dir / f"{code}.pem", key.public_key(), ca_certificate, authority_name):
                    continue
            else:
                key = ec.generate_private_key(ec.SECP256R1())
                report["keys_created"] += 1
            certificate = _bureau_certificate(ca_key, ca_certificate, key.public_key(), authority_name)
            encryption = serialization.BestAvailableEncryption(password)
            _write_private(
                path,
                pkcs12.serialize_key_and_certificates(code.encode(), key, certificate, [ca_certificate], encryption),
            )
            (cert_dir / f"{code}.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
            report["certificates_issued"] += 1
    forget_signers()
    return report

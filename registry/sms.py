"""Text messages through a provider chosen by a setting; the demo writes each message to a file.

A provider is a class with `send(mobile: str, text: str) -> None` that raises on failure, named by
`REGISTRY_SMS_BACKEND`. The file backend writes under `REGISTRY_SMS_FILE_PATH` (var/sms by default),
as Django's file e-mail backend does for mail.
"""

import datetime
import secrets
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string


class FileSmsBackend:
    """Write each message to its own file, for the demo and for tests."""

    def send(self, mobile: str, text: str) -> None:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{datetime.datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(4)}.txt"
        (folder / name).write_text(f"To: {mobile}\n\n{text}\n", encoding="utf-8")


class MemorySmsBackend:
    """Keep messages in `outbox` (a list of (mobile, text)), for tests."""

    outbox: list[tuple[str, str]] = []

    def send(self, mobile: str, text: str) -> None:
        self.outbox.append((mobile, text))


def send_sms(mobile: str, text: str) -> None:
    """Send `text` to `mobile` through the configured provider."""
    import_string(settings.SMS_BACKEND)().send(mobile, text)

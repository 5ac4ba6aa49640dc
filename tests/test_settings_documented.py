"""Every environment variable the settings read is listed in `.env.example`, and nothing more."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_env_example_lists_exactly_what_settings_read():
    source = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env_\w+\(\s*"([A-Z0-9_]+)"', source))
    listed = set(re.findall(r"^([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.MULTILINE))
    assert read - listed == set(), "read by config/settings.py but not in .env.example"
    assert listed - read == set(), "in .env.example but not read by config/settings.py"

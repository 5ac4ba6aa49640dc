"""The English catalogue is complete and compiled."""

import subprocess
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_message_has_an_english_translation():
    result = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(PO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_compiled_catalogue_matches_its_source(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(PO)], check=True)
    assert compiled.read_bytes() == PO.with_suffix(".mo").read_bytes(), "run `make messages` and commit the .mo"


ZH_PO = PO.parent.parent.parent / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_chinese_catalogue_of_library_messages_is_complete_and_compiled(tmp_path):
    result = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(ZH_PO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(ZH_PO)], check=True)
    assert compiled.read_bytes() == ZH_PO.with_suffix(".mo").read_bytes(), "run `make messages` and commit the .mo"


def test_password_and_workflow_library_messages_are_chinese_by_default_and_english_on_request():
    import pytest
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.utils import translation
    from viewflow.workflow.status import STATUS

    for language, short, status in (("zh-hans", "密码太短，至少需要 8 个字符。", "待认领"), ("en", "too short", "New")):
        with translation.override(language), pytest.raises(ValidationError) as raised:
            validate_password("1234")
        assert any(short in message for message in raised.value.messages), raised.value.messages
        with translation.override(language):
            assert str(STATUS.NEW.label) == status

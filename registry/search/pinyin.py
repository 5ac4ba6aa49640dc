"""Pinyin keys computed at index time, so 'qnzyz' and 'qingnian' find 青年志愿者."""

from pypinyin import Style, lazy_pinyin


def syllables(text: str) -> list[str]:
    """Return the toneless pinyin syllables of the Han characters in `text`."""
    return [s.lower() for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s.isalpha()]


def pinyin_keys(text: str, *, max_span: int = 12) -> list[str]:
    """Return every run of consecutive syllables, joined, as full-pinyin and initials keys.

    A query is one of these keys or the start of one, so a prefix query on the
    keys matches pinyin typed from any word boundary of the name.
    """
    parts = syllables(text)
    keys = set()
    for start in range(len(parts)):
        for end in range(start + 1, min(len(parts), start + max_span) + 1):
            run = parts[start:end]
            keys.add("".join(run))
            if end - start >= 2:
                keys.add("".join(s[0] for s in run))
    return sorted(keys)

"""Pinyin keys computed at index time, so 'qnzyz' and 'qingnian' find 青年志愿者."""

from functools import lru_cache

from pypinyin import Style, lazy_pinyin, load_phrases_dict
from pypinyin.seg.simpleseg import seg

# Place names whose reading the dictionary gets wrong; people type them as they are said.
load_phrases_dict({"闵行": [["mǐn"], ["háng"]], "长宁": [["cháng"], ["níng"]]})


@lru_cache(maxsize=65536)
def _word_syllables(word: str) -> tuple[str, ...]:
    return tuple(s.lower() for s in lazy_pinyin(word, style=Style.NORMAL, errors="ignore") if s.isalpha())


def syllables(text: str) -> list[str]:
    """Return the toneless pinyin syllables of the Han characters in `text`.

    The text is cut into the dictionary's words first (as pypinyin does itself, so a word keeps its reading:
    银行 is yin hang) and each word's reading is cached: names share most of their words, and converting a
    word is what costs (a reindex spends most of its document-building time here otherwise).
    """
    return [syllable for word in seg(text) for syllable in _word_syllables(word)]


@lru_cache(maxsize=256)
def _area_syllables(area: str) -> tuple[str, ...]:
    # Area names (上海市闵行区...) begin most names; read once, in their own context (闵行 is Minhang).
    return tuple(syllables(area))


def pinyin_keys(text: str, *, area: str = "", max_span: int = 12) -> list[str]:
    """Return, for every syllable, the full pinyin and the initials of the run starting there.

    A prefix query on these keys matches pinyin typed from any word boundary of the name
    ('qnzyz' is a prefix of the initials key starting at 青), with two keys a syllable.
    `area` is the leading area name, when known, whose reading is cached.
    """
    if area and text.startswith(area):
        parts = [*_area_syllables(area), *syllables(text[len(area) :])]
    else:
        parts = syllables(text)
    keys = set()
    for start in range(len(parts)):
        run = parts[start : start + max_span]
        keys.add("".join(run))
        if len(run) >= 2:
            keys.add("".join(s[0] for s in run))
    return sorted(keys)

"""Pinyin keys read each word as the dictionary does, also when the reading of words is cached."""

import pytest
from pypinyin import Style, lazy_pinyin

from registry.search.pinyin import pinyin_keys, syllables


@pytest.mark.parametrize(
    "name",
    [
        "上海市闵行区银行业协会",  # 行 in 银行 is hang, in 行业 is hang, alone xing
        "上海市长宁区会计学会",  # 会计 is kuaiji, 学会 xuehui
        "上海市松江区音乐教育促进会",  # 乐 in 音乐 is yue
        "重庆商会上海联络处",  # 重庆 is chongqing
        "上海市闵行区ABC2025青年志愿者协会",  # letters and digits carry no syllables
    ],
)
def test_word_by_word_reading_is_the_dictionarys_reading_of_the_whole_name(name):
    whole = [s.lower() for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore") if s.isalpha()]
    assert syllables(name) == whole
    assert syllables(name) == whole  # and again from the cache


def test_the_cached_reading_follows_the_word_not_the_character():
    assert syllables("银行") == ["yin", "hang"]
    assert syllables("行走") == ["xing", "zou"]
    assert syllables("闵行") == ["min", "hang"]  # the place name, corrected in our phrase dictionary


def test_initials_and_full_keys_start_at_every_syllable():
    keys = pinyin_keys("上海市青年志愿者协会", area="上海市")
    assert "qingnianzhiyuanzhexiehui" in keys and "qnzyzxh" in keys and "shsqnzyzxh" in keys

"""Every step of every process has a Chinese title, translated to English; no generated English names."""

import re

import pytest
from django.utils import translation

from workflows.inbox.selectors import flows

CHINESE = re.compile(r"[\u4e00-\u9fff]")
NODES = [(flow_class.__name__, node) for flow_class in flows() for node in flow_class.instance.nodes()]


@pytest.mark.parametrize(("flow_name", "node"), NODES, ids=[f"{f}.{n.name}" for f, n in NODES])
def test_every_flow_node_has_a_chinese_title_and_an_english_translation(flow_name, node):
    with translation.override("zh-hans"):
        assert CHINESE.search(str(node.task_title)), f"{flow_name}.{node.name} has the generated title"
    with translation.override("en"):
        english = str(node.task_title)
    assert english and not CHINESE.search(english), f"{flow_name}.{node.name}: {english}"

"""The import rules of docs/ARCHITECTURE.md hold for the code, and the checker catches each kind of break."""

import importlib.util
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _checker():
    spec = importlib.util.spec_from_file_location("check_imports", ROOT / "scripts" / "check_imports.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tree(tmp_path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
    return tmp_path


def test_the_code_keeps_the_import_rules():
    count, problems = _checker().problems_in(ROOT)
    assert count > 100
    assert problems == []


def test_a_cycle_between_two_modules_is_reported(tmp_path):
    root = _tree(
        tmp_path,
        {
            "registry/__init__.py": "",
            "registry/services/__init__.py": "",
            "registry/services/first.py": "from registry.services.second import b\n",
            "registry/services/second.py": "from registry.services import first\n",
        },
    )
    _count, problems = _checker().problems_in(root)
    assert problems == ["import cycle: registry.services.first -> registry.services.second"]


def test_an_import_inside_a_function_is_reported_but_not_in_app_ready(tmp_path):
    root = _tree(
        tmp_path,
        {
            "registry/__init__.py": "",
            "registry/selectors.py": "def read():\n    from registry.models import Organization\n",
            "registry/apps.py": "class Config:\n    def ready(self):\n        from registry import tasks\n",
            "registry/models.py": "",
            "registry/tasks.py": "",
        },
    )
    _count, problems = _checker().problems_in(root)
    assert len(problems) == 1
    assert problems[0].startswith("registry/selectors.py:2: import of registry.models inside read()")


def test_registry_importing_workflows_and_a_rule_importing_models_are_reported(tmp_path):
    root = _tree(
        tmp_path,
        {
            "registry/__init__.py": "",
            "registry/views.py": "from workflows.models import BureauProcess\n",
            "registry/models.py": "",
            "registry/rules/__init__.py": "",
            "registry/rules/codes.py": "import registry.models\n",
            "workflows/__init__.py": "",
            "workflows/models.py": "",
        },
    )
    _count, problems = _checker().problems_in(root)
    assert sorted(problems) == [
        "registry.rules.codes imports registry.models, a layer above it",
        "registry.views imports workflows.models: registry/ never imports workflows/",
    ]

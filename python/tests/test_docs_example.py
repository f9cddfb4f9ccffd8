"""docs/python.md's worked example runs as written: every ```python block of the page, in order, in
one namespace, in a temporary directory."""
import os
import re

from conftest import SOURCE_DIR


def test_docs_python_md_example_runs(tmp_path, monkeypatch):
    page = open(os.path.join(SOURCE_DIR, "docs", "python.md")).read()
    blocks = re.findall(r"```python\n(.*?)```", page, flags=re.S)
    assert len(blocks) >= 3, "docs/python.md should hold the worked example in ```python blocks"
    monkeypatch.chdir(tmp_path)
    namespace = {}
    for i, block in enumerate(blocks):
        exec(compile(block, f"docs/python.md block {i}", "exec"), namespace)

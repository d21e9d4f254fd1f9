"""The README's Python snippets run as written: every ```python block of README.md, in order, in
one namespace (as a reader pasting them into one session would)."""

import pathlib
import re

REPO = pathlib.Path(__file__).resolve().parents[2]


def test_readme_python_snippets_run(monkeypatch):
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "no ```python block in README.md"
    monkeypatch.chdir(REPO)
    namespace = {"__name__": "__readme__"}
    for i, block in enumerate(blocks):
        try:
            exec(compile(block, f"README.md python block {i}", "exec"), namespace)
        except Exception as e:  # noqa: BLE001 - name the block
            raise AssertionError(f"README.md python block {i} failed: {e!r}\n{block}") from e

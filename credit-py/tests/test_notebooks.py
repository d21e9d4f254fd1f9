"""Executes every notebook in examples/notebooks/ with nbclient (a fresh kernel, the working
directory the notebook's own folder); any cell error fails the test. Also checks that the plots
were drawn (an image/png or a matplotlib figure in the outputs is not required under Agg, so the
notebook's own asserts and printed values carry the checks)."""

import pathlib

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

REPO = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "examples" / "notebooks").glob("*.ipynb"))


def test_notebooks_present():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path):
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    # The last cell displays a Decision through its _repr_html_.
    assert any("text/html" in o.get("data", {}) and "<table" in o["data"]["text/html"] for o in outputs)

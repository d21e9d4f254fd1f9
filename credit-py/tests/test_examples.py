"""examples/python/analyst.py runs (without pandas if it is not installed) and the benchmark
script is importable."""

import importlib.util
import subprocess
import sys


def test_analyst_example_runs(repo):
    script = repo / "examples" / "python" / "analyst.py"
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "judgment debtor, three proposed measures" in text
    assert "meets_target" in text
    assert "records[0].status" in text
    assert "suspended" in text and "active" in text
    assert "91110000600037341L" not in text  # identifiers are masked in every output


def test_bench_script_imports(repo):
    path = repo / "credit-py" / "bench" / "bench_calls.py"
    spec = importlib.util.spec_from_file_location("bench_calls", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert callable(module.main)
    assert module.fmt(2.5e-6).strip() == "2.50 µs"

"""The .pyi stubs describe exactly the runtime API: every public name in a stub exists at run time
and every public runtime name is in a stub (module level and class members)."""

import ast
import inspect
import pathlib

import credit
from credit import _credit

PKG = pathlib.Path(credit.__file__).resolve().parent
STUB_SOURCE = pathlib.Path(__file__).resolve().parents[1] / "python" / "credit"


def _stub(name):
    path = PKG / name
    if not path.exists():  # installed elsewhere: fall back to the source tree
        path = STUB_SOURCE / name
    return ast.parse(path.read_text(encoding="utf-8"))


def _public(name):
    return not name.startswith("_") or name == "__version__"


def _stub_module_names(tree):
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.ImportFrom):
            # only explicit re-exports (`from x import A as A`), not `from typing import Any`
            names.update(a.name for a in node.names if a.asname == a.name)
    return {n for n in names if _public(n)}


def _stub_classes(tree):
    # private classes (`_Records`) are typing-only helpers with no run-time counterpart
    return {n.name: n for n in tree.body if isinstance(n, ast.ClassDef) and _public(n.name)}


def _stub_members(cls):
    names = set()
    for node in cls.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {n for n in names if not n.startswith("_")}


def _runtime_members(cls):
    return {n for n in dir(cls) if not n.startswith("_")}


def test_extension_module_names_match_stub():
    stub = _stub_module_names(_stub("_credit.pyi"))
    runtime = {n for n in dir(_credit) if _public(n)}
    assert stub - runtime == set(), "in _credit.pyi but missing at run time"
    assert runtime - stub == set(), "at run time but missing from _credit.pyi"


def test_extension_class_members_match_stub():
    for name, cls_node in _stub_classes(_stub("_credit.pyi")).items():
        runtime_cls = getattr(_credit, name)
        assert inspect.isclass(runtime_cls)
        stub = _stub_members(cls_node)
        runtime = _runtime_members(runtime_cls)
        assert stub - runtime == set(), f"{name}: in stub but missing at run time"
        assert runtime - stub == set(), f"{name}: at run time but missing from stub"


def test_package_names_match_stub():
    stub = _stub_module_names(_stub("__init__.pyi"))
    assert stub == set(credit.__all__)
    for name in credit.__all__:
        assert hasattr(credit, name), name


def test_py_typed_present():
    assert (PKG / "py.typed").exists() or (STUB_SOURCE / "py.typed").exists()

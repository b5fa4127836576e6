"""The typed stubs (relupoly/__init__.pyi) describe the package as it is: every public name,
every public function's and method's parameters (names, kinds, defaults), every public
property, and py.typed is shipped."""

import ast
import inspect
import pathlib

import relupoly

PACKAGE = pathlib.Path(relupoly.__file__).parent
STUB = ast.parse((PACKAGE / "__init__.pyi").read_text())


def stub_names():
    names = {}
    for node in STUB.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            names[node.name] = node
        elif isinstance(node, ast.AnnAssign):
            names[node.target.id] = node
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                names[target.id] = node
    return names


def parameters(function):
    """(name, kind, default as source text or None) of a stub function's parameters."""
    a = function.args
    out = []
    positional = a.posonlyargs + a.args
    defaults = [None] * (len(positional) - len(a.defaults)) + a.defaults
    for arg, default in zip(positional, defaults):
        out.append((arg.arg, "positional", None if default is None else ast.unparse(default)))
    for arg, default in zip(a.kwonlyargs, a.kw_defaults):
        out.append((arg.arg, "keyword", None if default is None else ast.unparse(default)))
    return out


def runtime_parameters(function):
    out = []
    for p in inspect.signature(function).parameters.values():
        kind = "keyword" if p.kind is p.KEYWORD_ONLY else "positional"
        default = None if p.default is p.empty else repr(p.default)
        out.append((p.name, kind, default))
    return out


def same_parameters(stub, runtime):
    assert [(n, k) for n, k, _ in stub] == [(n, k) for n, k, _ in runtime]
    for (name, _, stub_default), (_, _, default) in zip(stub, runtime):
        if stub_default is not None and stub_default != "...":
            assert stub_default == default, name
        assert (stub_default is None) == (default is None), name


def test_py_typed_is_shipped():
    assert (PACKAGE / "py.typed").exists()


def test_every_public_name_has_a_stub():
    names = stub_names()
    for name in relupoly.__all__:
        assert name in names, name


def test_functions_match():
    names = stub_names()
    for name in [n for n in relupoly.__all__ if inspect.isfunction(getattr(relupoly, n))]:
        same_parameters(parameters(names[name]), runtime_parameters(getattr(relupoly, name)))


def test_classes_match():
    names = stub_names()
    for cls_name in [n for n in relupoly.__all__ if inspect.isclass(getattr(relupoly, n))]:
        stub = names[cls_name]
        cls = getattr(relupoly, cls_name)
        members = {n.name: n for n in stub.body if isinstance(n, ast.FunctionDef)}
        attributes = {n.target.id for n in stub.body if isinstance(n, ast.AnnAssign)}
        for attr, value in vars(cls).items():
            if attr.startswith("_") and attr != "__init__":
                continue
            if isinstance(value, property):
                assert attr in members or attr in attributes, f"{cls_name}.{attr}"
            elif callable(value) or isinstance(value, classmethod):
                assert attr in members, f"{cls_name}.{attr}"
                function = getattr(cls, attr)
                stub_params = parameters(members[attr])
                runtime = runtime_parameters(function)
                if isinstance(value, classmethod):
                    stub_params = stub_params[1:]  # cls, bound away at run time
                same_parameters(stub_params, runtime)
        for attribute in attributes:
            if attribute in ("count", "limit"):
                continue
            instance_slots = getattr(cls, "__slots__", ())
            assert (
                attribute in instance_slots
                or attribute in cls.__init__.__code__.co_names
                or hasattr(cls, attribute)
            ), f"{cls_name}.{attribute}"


def test_mypy_stubtest_finds_nothing(tmp_path):
    """mypy's stubtest (when mypy is installed) compares the stubs with the runtime."""
    import subprocess
    import sys

    import pytest

    pytest.importorskip("mypy")
    done = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "relupoly", "--ignore-missing-stub"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr

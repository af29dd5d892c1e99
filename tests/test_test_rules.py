"""The tests keep their own rules (issue 12, ENG): a test that expects an exception names it and checks its
message or code, so it fails for the right reason. `pytest.raises` has `match=`, or binds the exception
(`as caught`) for the test to check its message, field or code."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TypeGuard

ROOT = Path(__file__).resolve().parents[1]


def _test_files() -> list[Path]:
    return sorted(
        [*ROOT.joinpath("safeguarding_reviews").rglob("test*.py"), *ROOT.joinpath("tests").rglob("*.py")]
    )


def _is_raises(node: ast.AST) -> TypeGuard[ast.Call]:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "raises"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "pytest"
    )


def unchecked_raises(source: str) -> list[int]:
    """Line numbers of `pytest.raises(...)` that neither match the message nor bind the exception."""
    tree = ast.parse(source)
    bound: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.With):
            for item in node.items:
                if _is_raises(item.context_expr) and item.optional_vars is not None:
                    bound.add(id(item.context_expr))
    return [
        node.lineno
        for node in ast.walk(tree)
        if _is_raises(node)
        and id(node) not in bound
        and not any(keyword.arg == "match" for keyword in node.keywords)
    ]


def test_the_rule_itself():
    assert unchecked_raises("import pytest\nwith pytest.raises(ValueError):\n    pass\n") == [2]
    assert unchecked_raises("with pytest.raises(ValueError, match='x'):\n    pass\n") == []
    assert unchecked_raises("with pytest.raises(ValueError) as caught:\n    pass\n") == []
    assert unchecked_raises("with pytest.raises(Exception, match='x'):\n    pass\n") == []


def test_every_expected_exception_is_checked():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _test_files()
        for line in unchecked_raises(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "pytest.raises without match= or `as`: " + ", ".join(offenders)


def test_no_test_expects_a_bare_exception():
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in _test_files()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if _is_raises(node)
        and node.args
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id in {"Exception", "BaseException"}
    ]
    assert found == []

"""Every string the desktop app shows goes through Qt's translation (tr / translate).

An AST check over facilitator/ui: a text literal handed straight to a widget's
text, title, tooltip, placeholder or accessible name is a string a translator
can never reach.
"""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "facilitator" / "ui"

TEXT_CALLS = {
    "setText",
    "setWindowTitle",
    "setToolTip",
    "setStatusTip",
    "setPlaceholderText",
    "setAccessibleName",
    "setAccessibleDescription",
    "setTitle",
    "addItem",
    "setTabText",
    "addTab",
    "QLabel",
    "QPushButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QAction",
}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _is_words(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and any(c.isalpha() for c in node.value)
    ) or (
        isinstance(node, ast.JoinedStr)
        and any(
            isinstance(v, ast.Constant) and any(c.isalpha() for c in str(v.value))
            for v in node.values
        )
    )


def untranslated(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _name(node.func) in TEXT_CALLS:
            for arg in node.args:
                if _is_words(arg):
                    found.append((node.lineno, ast.unparse(arg)))
    return found


def test_the_checker_finds_a_bare_string() -> None:
    assert untranslated('label.setText("Saved")\nQLabel(self.tr("Saved"))') == [(1, "'Saved'")]
    assert untranslated('box.setTitle(f"Group {name}")') == [(1, "f'Group {name}'")]


def test_no_user_visible_string_skips_translation() -> None:
    problems = [
        f"{path.name}:{line}: {text}"
        for path in sorted(UI.glob("*.py"))
        for line, text in untranslated(path.read_text(encoding="utf-8"))
    ]
    assert problems == []

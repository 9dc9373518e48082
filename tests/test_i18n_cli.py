"""The command line in Russian: --lang ru and BACKPROP_LAB_LANG=ru translate the help and errors.

Checked by looking for English words left in what a Russian user sees: the whole --help, the
usage errors that argparse itself writes, and each kind of bad formula or assignment.
"""

from __future__ import annotations

import argparse
import inspect
import subprocess
import sys
from pathlib import Path

import pytest
from english_words import english_words

from autograd.cli.main import main
from autograd.cli.translated_argparse import ARGPARSE_TEMPLATES, translate_argparse_message
from autograd.i18n import ENVIRONMENT_VARIABLE, language

PROG = "backprop-lab"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv, prog=PROG)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def without_command_lines(text: str) -> str:
    """The help's example command lines are code, the same in every language."""
    return "\n".join(line for line in text.splitlines() if not line.strip().startswith(PROG))


def test_russian_help_has_no_english_words(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["--lang", "ru", "--help"], capsys)
    assert code == 0 and err == ""
    assert out.startswith("использование: backprop-lab")
    for heading in ("позиционные аргументы:", "параметры:", "примеры:"):
        assert heading in out
    assert "показать эту справку и выйти" in out
    assert "обратное распространение ошибки" in out
    technical = [PROG, "DPI", "LR"]  # a unit, and the default value of --rankdir
    assert english_words(without_command_lines(out), allowed=technical) == []


def test_english_help_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["--help"], capsys)
    assert code == 0
    assert out.startswith("usage: backprop-lab")
    for text in ("positional arguments:", "options:", "examples:", "expression", "name=value"):
        assert text in out
    assert "show this help message and exit" in out


def test_the_environment_variable_chooses_russian_for_the_whole_command(tmp_path: Path) -> None:
    environment = {**__import__("os").environ, ENVIRONMENT_VARIABLE: "ru"}
    result = subprocess.run(
        [sys.executable, "-m", "autograd", "x + y", "x=1"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "python -m autograd: ошибка: неизвестная переменная 'y': "
        "задайте её значение, например y=1.5\n"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["x.real", "x=1"],
        ["x[0]", "x=1"],
        ["lambda: x", "x=1"],
        ["'x' * x", "x=1"],
        ["foo(x)", "x=1"],
        ["exp(x=x)", "x=1"],
        ["exp(x, x)", "x=1"],
        ["max(x)", "x=1"],
        ["min(*x)", "x=1"],
        ["x // 2", "x=1"],
        ["~x", "x=1"],
        ["x < 1", "x=1"],
        ["x if x else 1", "x=1"],
        ["[x]", "x=1"],
        ["(x, x)", "x=1"],
        ["{x: 1}", "x=1"],
        ["{x}", "x=1"],
        ["x and x", "x=1"],
        ["x +", "x=1"],
        ["(x", "x=1"],
        ["x)", "x=1"],
        ["(" * 300 + "x" + ")" * 300, "x=1"],
        ["  ", "x=1"],
        ["x + y2", "x=1"],
        ["exp", "x=1"],
        ["x * 1e999", "x=1"],
        ["+".join(["x"] * 100_000), "x=1"],
        ["x", "x"],
        ["x", "x=1", "x=2"],
        ["x", "x=two"],
        ["x", "x=nan"],
        ["x", "2x=1"],
        ["x", "exp=1", "x=1"],
        ["2x", "x=1"],
        ["x y", "x=1", "y=2"],
        ["2(x+1)", "x=1"],
        ["-x", "x=1"],
        ["x", "e=1", "x=1"],
        ["x", "x=1", "--format", "svg"],
        ["x", "l=1", "ℓ=2"],
        ["x", "x=1", "-o", "graph.jpg"],
        ["x", "x=1", "-o", "graph.html"],
        ["x", "x=1", "--steps"],
        ["x", "x=1", "--steps", "-o", "a.svg"],
        [],
        ["x", "x=1", "-o"],
        ["x", "x=1", "--steps=yes"],
        ["x", "x=1", "--no-such-flag"],
        ["x", "x=1", "--lang", "xx"],
        ["log(x)", "x=-1"],
        ["1 / (x - 2)", "x=2"],
        ["exp(x)", "x=1000"],
        ["x ** 0.5", "x=-4"],
        ["x ** -1", "x=0"],
        ["x ** y", "x=-2", "y=2"],
        ["sqrt(x)", "x=0"],
        ["x * x * x * x", "x=1e100"],
    ],
)
def test_russian_errors_have_no_english_words(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["--lang", "ru", *argv], capsys)
    assert code == 2 and out == ""
    message = err.splitlines()[-1]
    assert message.startswith(f"{PROG}: ошибка: "), err
    assert english_words(message, allowed=[PROG, *argv]) == [], message  # their input is theirs
    if len(err.splitlines()) > 1:  # argparse's usage line first
        assert err.startswith(f"использование: {PROG}")


def test_the_unused_variable_warning_is_russian(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["--lang", "ru", "x", "x=1", "w=2"], capsys)
    assert code == 0 and out
    assert err == f"{PROG}: предупреждение: переменная 'w' задана, но не используется в 'x'\n"


def test_the_same_errors_stay_english_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["x", "x=1", "--no-such-flag"], capsys)[2].endswith(
        f"{PROG}: error: unrecognized arguments: --no-such-flag (see {PROG} --help)\n"
    )
    assert run(["x", "x=1", "-o"], capsys)[2].endswith(
        f"{PROG}: error: argument -o/--output: expected one argument (see {PROG} --help)\n"
    )
    assert run(["max(x)", "x=1"], capsys)[2] == (
        f"{PROG}: error: max takes 2 arguments, got 1 in 'max(x)'\n"
    )


def test_lang_accepts_usual_spellings(capsys: pytest.CaptureFixture[str]) -> None:
    for spelling in ("ru", "RU", "ru_RU", "--lang=ru"):
        argv = [spelling] if spelling.startswith("--") else ["--lang", spelling]
        code, _out, err = run([*argv, "x + y", "x=1"], capsys)
        assert code == 2 and "ошибка" in err, spelling


def test_argparse_templates_are_argparses_own() -> None:
    """If a Python release rewords one of them, its Russian would silently stop being used."""
    source = inspect.getsource(argparse)
    for template in ARGPARSE_TEMPLATES:
        assert repr(template) in source or f'"{template}"' in source, template


def test_argparse_messages_are_translated_piece_by_piece() -> None:
    with language("ru"):
        assert translate_argparse_message(
            "argument --lang: invalid choice: 'de' (choose from 'en', 'ru')"
        ) == ("аргумент --lang: недопустимое значение: 'de' (выберите из 'en', 'ru')")
        assert translate_argparse_message("unrecognized arguments: --x -y") == (
            "нераспознанные аргументы: --x -y"
        )
        assert translate_argparse_message("something argparse never says") == (
            "something argparse never says"
        )


def test_rendering_errors_are_russian(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKPROP_LAB_RENDERER", "nonsense")
    output = str(tmp_path / "graph.svg")
    code, _out, err = run(["--lang", "ru", "x * y", "x=1", "y=2", "-o", output], capsys)
    assert code == 2
    assert err == (
        f"{PROG}: ошибка: не удаётся нарисовать граф: BACKPROP_LAB_RENDERER='nonsense' "
        "не является способом рисования: укажите 'bundled' или 'dot'\n"
    )


def test_lang_reaches_the_player_and_the_text_view(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    player = tmp_path / "player.html"
    code, out, _err = run(
        ["--lang", "ru", "x * y", "x=1", "y=2", "--steps", "-o", str(player)], capsys
    )
    assert code == 0
    page = player.read_text(encoding="utf-8")
    assert '<html lang="ru"' in page and "Обратный проход" in page
    code, out, _err = run(["--lang", "ru", "x * y", "x=1", "y=2"], capsys)
    assert code == 0 and out.splitlines()[0].split() == [
        "имя",
        "операция",
        "входы",
        "значение",
        "градиент",
    ]


def test_the_worksheet_command_help_is_russian(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["worksheet", "--lang", "ru", "--help"], capsys)
    assert code == 0 and err == ""
    assert out.startswith(f"использование: {PROG} worksheet")
    assert english_words(out, allowed=[PROG, "worksheet", "a4", "letter"]) == []

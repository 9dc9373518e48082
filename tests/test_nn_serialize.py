"""nn.save / nn.load: an exact JSON round trip, and every kind of bad file raises a clear
error listing the offending names while the model stays unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nn import MLP, ParameterFileError, load, save


def snapshot(model: MLP) -> list[float]:
    return [p.data for p in model.parameters()]


def test_round_trip_is_exact(tmp_path: Path) -> None:
    source = MLP(2, [3, 1], seed=1)
    for p in source.parameters():
        p.data = p.data / 3.0  # full-precision floats, not short decimals
    path = tmp_path / "model.json"
    save(source, path)
    content = json.loads(path.read_text())
    assert list(content) == [name for name, _ in source.named_parameters()]
    target = MLP(2, [3, 1], seed=2)
    assert snapshot(target) != snapshot(source)
    load(target, path)
    assert snapshot(target) == snapshot(source)
    assert target([0.3, -0.2]).data == source([0.3, -0.2]).data  # type: ignore[union-attr]
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.json"
    path.write_text(text)
    return path


def good_content() -> dict[str, object]:
    model = MLP(2, [1], seed=0)
    return {name: p.data for name, p in model.named_parameters()}


@pytest.mark.parametrize(
    ("edit", "messages"),
    [
        (lambda c: c.pop("layers.0.neurons.0.w.1"), ["missing: layers.0.neurons.0.w.1"]),
        (
            lambda c: c.update({"layers.0.neurons.0.w.7": 1.0}),
            ["extra (not in the model): layers.0.neurons.0.w.7"],
        ),
        (
            lambda c: c.update({"layers.0.neurons.0.b": "0.5"}),
            ['non-numeric: layers.0.neurons.0.b ("0.5")'],
        ),
        (
            lambda c: c.update({"layers.0.neurons.0.b": True}),
            ["non-numeric: layers.0.neurons.0.b (true)"],
        ),
        (
            lambda c: c.update({"layers.0.neurons.0.b": None}),
            ["non-numeric: layers.0.neurons.0.b (null)"],
        ),
        (
            lambda c: c.update({"layers.0.neurons.0.b": [1.0]}),
            ["non-numeric: layers.0.neurons.0.b ([1.0])"],
        ),
        (
            lambda c: (
                c.pop("layers.0.neurons.0.w.0"),
                c.update({"extra": 2, "layers.0.neurons.0.b": "x"}),
            ),
            [
                "missing: layers.0.neurons.0.w.0",
                "extra (not in the model): extra",
                "non-numeric: layers.0.neurons.0.b",
            ],
        ),
    ],
)
def test_bad_entries_are_listed_and_nothing_changes(
    tmp_path: Path, edit: object, messages: list[str]
) -> None:
    content = good_content()
    edit(content)  # type: ignore[operator]
    path = write(tmp_path, json.dumps(content))
    model = MLP(2, [1], seed=5)
    before = snapshot(model)
    with pytest.raises(ParameterFileError) as raised:
        load(model, path)
    for message in messages:
        assert message in str(raised.value)
    assert "nothing was changed" in str(raised.value)
    assert snapshot(model) == before


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_values_are_rejected(tmp_path: Path, constant: str) -> None:
    content = good_content()
    content["layers.0.neurons.0.w.1"] = 12345.5
    text = json.dumps(content).replace("12345.5", constant)
    assert constant in text
    path = write(tmp_path, text)
    model = MLP(2, [1], seed=5)
    before = snapshot(model)
    with pytest.raises(ParameterFileError, match=r"non-finite: layers\.0\.neurons\.0\.w\.1"):
        load(model, path)
    assert snapshot(model) == before


def test_duplicate_names_are_rejected(tmp_path: Path) -> None:
    text = json.dumps(good_content())[:-1] + ', "layers.0.neurons.0.b": 3.0}'
    model = MLP(2, [1], seed=5)
    before = snapshot(model)
    with pytest.raises(ParameterFileError, match=r"duplicated: layers\.0\.neurons\.0\.b"):
        load(model, write(tmp_path, text))
    assert snapshot(model) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "is not valid JSON"),
        ("[1, 2, 3]", "must hold a JSON object"),
        ("", "is not valid JSON"),
    ],
)
def test_malformed_files(tmp_path: Path, text: str, message: str) -> None:
    model = MLP(2, [1], seed=5)
    before = snapshot(model)
    with pytest.raises(ParameterFileError, match=message):
        load(model, write(tmp_path, text))
    assert snapshot(model) == before


def test_file_for_another_architecture(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    save(MLP(2, [4, 1], seed=0), path)
    small = MLP(2, [1], seed=0)
    before = snapshot(small)
    with pytest.raises(
        ParameterFileError, match=r"extra \(not in the model\): layers\.0\.neurons\.1\.w\.0"
    ):
        load(small, path)
    assert snapshot(small) == before


def test_missing_file_raises_and_changes_nothing(tmp_path: Path) -> None:
    model = MLP(2, [1], seed=5)
    before = snapshot(model)
    with pytest.raises(FileNotFoundError):
        load(model, tmp_path / "nowhere.json")
    assert snapshot(model) == before


def test_save_never_writes_pickle_or_nan(tmp_path: Path) -> None:
    model = MLP(2, [1], seed=0)
    path = tmp_path / "m.json"
    save(model, path)
    text = path.read_text()
    assert text.lstrip().startswith("{")
    assert all(isinstance(v, float) for v in json.loads(text).values())


# Issue 15, defect 11: these raised RecursionError, a plain ValueError or UnicodeDecodeError.
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"layers.0.neurons.0.b": ' + b"7" * 5000 + b"}", "is not valid JSON"),
        ('{"b": 1.0}'.encode("utf-16"), "is not UTF-8 text"),
        (b'{"b": "\xff\xfe"}', "is not UTF-8 text"),
    ],
)
def test_hostile_files_raise_parameter_file_error_naming_the_file(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "hostile.json"
    path.write_bytes(content)
    model = MLP(2, [1], seed=0)
    before = snapshot(model)
    with pytest.raises(ParameterFileError, match=message) as raised:
        load(model, path)
    assert str(path) in str(raised.value)
    assert snapshot(model) == before


def test_messages_show_bidi_characters_and_lone_surrogates_escaped(tmp_path: Path) -> None:
    content = good_content()
    content["evil\u202egnp.exe"] = 1.0  # a right-to-left override
    content["half\udc80"] = 2.0  # a lone surrogate (json.dumps writes it as \udc80)
    path = tmp_path / "bidi.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(ParameterFileError) as raised:
        load(MLP(2, [1], seed=0), path)
    message = str(raised.value)
    assert "evil\\u202egnp.exe" in message and "half\\udc80" in message
    assert message.isprintable()
    message.encode("utf-8")  # printable: no lone surrogate to raise UnicodeEncodeError


# Issue 15, defect 12: save wrote 0600 files (mkstemp's mode) and made a 0644 file 0600.
def test_save_keeps_an_existing_files_mode_and_gives_a_new_one_the_umask_default(
    tmp_path: Path,
) -> None:
    import os
    import stat

    model = MLP(2, [1], seed=0)
    previous = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.json"
        save(model, fresh)
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        shared = tmp_path / "shared.json"
        shared.write_text("{}")
        shared.chmod(0o664)
        save(model, shared)
        assert stat.S_IMODE(shared.stat().st_mode) == 0o664
        private = tmp_path / "private.json"
        private.write_text("{}")
        private.chmod(0o600)
        save(model, private)
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    finally:
        os.umask(previous)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "fresh.json",
        "private.json",
        "shared.json",
    ]


# Issue 24, item 13: save to a symlink replaced the link with a regular file (its target was
# left stale), and saving over a read-only file succeeded (os.replace only needs the folder).
def test_save_through_a_symlink_writes_its_target(tmp_path: Path) -> None:
    import os

    model = MLP(2, [1], seed=0)
    (tmp_path / "models").mkdir()
    target = tmp_path / "models" / "best.json"
    target.write_text("{}")
    link = tmp_path / "latest.json"
    link.symlink_to("models/best.json")  # relative, as `ln -s` makes it
    chained = tmp_path / "current.json"
    chained.symlink_to(link)  # a link to a link
    save(model, chained)
    assert chained.is_symlink() and link.is_symlink()
    assert os.readlink(chained) == str(link) and os.readlink(link) == "models/best.json"
    assert json.loads(target.read_text()) == {n: p.data for n, p in model.named_parameters()}
    copy = MLP(2, [1], seed=5)
    load(copy, link)
    assert snapshot(copy) == snapshot(model)
    dangling = tmp_path / "new.json"
    dangling.symlink_to("models/new-target.json")  # open(dangling, "w") creates the target
    save(model, dangling)
    assert dangling.is_symlink() and (tmp_path / "models" / "new-target.json").is_file()
    assert sorted(p.name for p in (tmp_path / "models").iterdir()) == [
        "best.json",
        "new-target.json",
    ]


def _save_as_unprivileged_user(model: MLP, path: Path) -> str:
    """save(model, path) as a user who is not root (a forked child drops root's rights, as
    root may write any file): "" if it saved, else the error's type and message."""
    import os

    if os.getuid() != 0:
        try:
            save(model, path)
        except OSError as error:
            return f"{type(error).__name__}: {error}"
        return ""
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # the child: become nobody, try, report, leave at once
        result = "child failed"
        try:
            os.setgid(65534)
            os.setuid(65534)
            try:
                save(model, path)
                result = ""
            except OSError as error:
                result = f"{type(error).__name__}: {error}"
        finally:
            os.write(write_end, result.encode())
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        result = pipe.read().decode()
    os.waitpid(child, 0)
    return result


def test_save_refuses_a_read_only_file_as_open_would() -> None:
    import shutil
    import tempfile

    model = MLP(2, [1], seed=0)
    folder = Path(tempfile.mkdtemp())  # a folder anybody may write in, as a shared one
    try:
        folder.chmod(0o777)
        read_only = folder / "frozen.json"
        read_only.write_text('{"kept": 1}\n')
        read_only.chmod(0o444)
        writable = folder / "open.json"
        writable.write_text("{}")
        writable.chmod(0o666)
        message = _save_as_unprivileged_user(model, read_only)
        assert message.startswith("PermissionError:") and "frozen.json" in message, message
        assert read_only.read_text() == '{"kept": 1}\n'
        assert _save_as_unprivileged_user(model, writable) == ""
        assert json.loads(writable.read_text()) == {n: p.data for n, p in model.named_parameters()}
        assert sorted(p.name for p in folder.iterdir()) == ["frozen.json", "open.json"]
    finally:
        shutil.rmtree(folder)

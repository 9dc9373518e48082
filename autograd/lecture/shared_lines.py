"""The player's frames as one table of SVG lines and, per frame, what changed: a small page.

Every frame of a lecture is the same picture on one layout (autograd/lecture/layout.py): only
numbers, fills, edge colours and the current node change from one frame to the next. Writing
each frame's whole SVG made the page of a 160-operation chain 116 MB. Instead the page holds

- `lines`: every distinct line of every frame's SVG, once;
- per frame, its SVG as edits of the previous frame's list of line numbers (a "key" frame, every
  `KEY_EVERY` frames, lists its lines in full as runs), and the asked picture of a quiz frame as
  edits of the same frame's answered one.

An edit is `[start, removed, n1, n2, ...]`: remove `removed` line numbers at `start` and put the
numbers n1, n2, ... there; a frame's edits apply from the last to the first, so each `start` is a
place in the previous list. A run is `[first, count]`: the line numbers first .. first+count−1.
`encode_frames` makes this from the frames' SVG text, `decode_frame` (Python) and the page's
script (`DECODE_SCRIPT`, the same steps in JavaScript) give back every frame's SVG text exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["DECODE_SCRIPT", "KEY_EVERY", "decode_frame", "decode_frames", "encode_frames"]

KEY_EVERY = 32  # a key frame (its lines in full) every this many frames: a jump decodes <= 31


def _runs(numbers: Sequence[int]) -> list[list[int]]:
    """[4, 5, 6, 9] -> [[4, 3], [9, 1]]: consecutive line numbers as (first, count)."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and runs[-1][0] + runs[-1][1] == number:
            runs[-1][1] += 1
        else:
            runs.append([number, 1])
    return runs


def _edits(before: Sequence[int], after: Sequence[int]) -> list[list[int]]:
    """Edits that turn `before` into `after` (module docstring), in increasing `start`.

    The common start and end are kept; in between, lists of one length change line by line
    (the usual case: a number or a colour changed in place), else the middle is replaced.
    """
    prefix = 0
    shortest = min(len(before), len(after))
    while prefix < shortest and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < shortest - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    old, new = before[prefix : len(before) - suffix], after[prefix : len(after) - suffix]
    if len(old) != len(new):
        return [[prefix, len(old), *new]] if old or new else []
    edits: list[list[int]] = []
    for offset, (was, now) in enumerate(zip(old, new)):
        if was == now:
            continue
        place = prefix + offset
        last = edits[-1] if edits else None
        if last is not None and last[0] + last[1] == place:  # extends the edit before it
            last[1] += 1
            last.append(now)
        else:
            edits.append([place, 1, now])
    return edits


def _apply(before: Sequence[int], edits: Sequence[Sequence[int]]) -> list[int]:
    result = list(before)
    for start, removed, *numbers in reversed(edits):
        result[start : start + removed] = numbers
    return result


def encode_frames(svgs: Sequence[str], asked: Sequence[str | None]) -> dict[str, Any]:
    """The page's compact form of the frames' pictures: `svgs[i]` frame i's SVG text,
    `asked[i]` its asked picture (a quiz frame) or None. Returns {"lines", "frames"}, each
    frame {"key": runs} or {"edits": edits}, with "asked": edits where it has one."""
    table: dict[str, int] = {}

    def numbered(svg: str) -> list[int]:
        return [table.setdefault(line, len(table)) for line in svg.split("\n")]

    frames: list[dict[str, Any]] = []
    previous: list[int] = []
    for index, (svg, asked_svg) in enumerate(zip(svgs, asked, strict=True)):
        numbers = numbered(svg)
        frame: dict[str, Any] = (
            {"key": _runs(numbers)}
            if index % KEY_EVERY == 0
            else {"edits": _edits(previous, numbers)}
        )
        if asked_svg is not None:
            frame["asked"] = _edits(numbers, numbered(asked_svg))
        frames.append(frame)
        previous = numbers
    lines = [""] * len(table)
    for line, number in table.items():
        lines[number] = line
    return {"lines": lines, "frames": frames}


def _numbers(encoded: dict[str, Any], index: int) -> list[int]:
    """Frame `index`'s line numbers: from the key frame at or before it, edit by edit."""
    frames = encoded["frames"]
    start = index - index % KEY_EVERY
    numbers = [first + k for first, count in frames[start]["key"] for k in range(count)]
    for step in range(start + 1, index + 1):
        numbers = _apply(numbers, frames[step]["edits"])
    return numbers


def decode_frame(encoded: dict[str, Any], index: int, *, asked: bool = False) -> str:
    """Frame `index`'s SVG text (its asked picture with `asked=True`), exactly as encoded."""
    numbers = _numbers(encoded, index)
    if asked:
        numbers = _apply(numbers, encoded["frames"][index]["asked"])
    lines = encoded["lines"]
    return "\n".join(lines[number] for number in numbers)


def decode_frames(encoded: dict[str, Any]) -> list[tuple[str, str | None]]:
    """Every frame's (SVG, asked SVG or None), decoding each edit once."""
    lines, frames = encoded["lines"], encoded["frames"]
    result: list[tuple[str, str | None]] = []
    numbers: list[int] = []
    for frame in frames:
        if "key" in frame:
            numbers = [first + k for first, count in frame["key"] for k in range(count)]
        else:
            numbers = _apply(numbers, frame["edits"])
        asked = None
        if "asked" in frame:
            asked = "\n".join(lines[n] for n in _apply(numbers, frame["asked"]))
        result.append(("\n".join(lines[n] for n in numbers), asked))
    return result


# The same decoding in the page (ES5, like the player's script). `pictures.svg(i, asked)` is
# frame i's SVG text; it keeps the last frame it decoded, so stepping forward applies one edit.
DECODE_SCRIPT = """
  var pictures = (function (shared) {
    var cached = -1, cachedNumbers = null;
    function apply(before, edits) {
      var result = before;
      for (var e = edits.length - 1; e >= 0; e -= 1) {
        var edit = edits[e];
        result = result.slice(0, edit[0]).concat(edit.slice(2), result.slice(edit[0] + edit[1]));
      }
      return result;
    }
    function numbersOf(index) {
      var key = index - index % KEY_EVERY, start, numbers;
      if (cached >= key && cached <= index) { start = cached; numbers = cachedNumbers; }
      else {
        start = key;
        numbers = [];
        shared.frames[key].key.forEach(function (run) {
          for (var k = 0; k < run[1]; k += 1) { numbers.push(run[0] + k); }
        });
      }
      for (var step = start + 1; step <= index; step += 1) {
        numbers = apply(numbers, shared.frames[step].edits);
      }
      cached = index;
      cachedNumbers = numbers;
      return numbers;
    }
    function text(numbers) {
      return numbers.map(function (n) { return shared.lines[n]; }).join("\\n");
    }
    return {
      svg: function (index, asked) {
        var numbers = numbersOf(index);
        return text(asked ? apply(numbers, shared.frames[index].asked) : numbers);
      }
    };
  }(data.pictures));
""".replace("KEY_EVERY", str(KEY_EVERY))

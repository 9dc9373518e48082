"""`export_gif(f, "backprop.gif")`: the lecture player's frames as one looping animated GIF.

Each GIF frame is a frame of the player (`autograd.lecture.layout.frame_pictures`: one Graphviz
layout for every frame, so nothing jumps), with its phase and caption written under the picture,
e.g. "Backward pass" and "∂f/∂x = ∂f/∂q · ∂q/∂x = -4 · 1 = -4". The picture is rendered by the
bundled Graphviz at the resolution that makes the GIF `width` pixels wide (1280 by default:
readable when pasted into a slide), the caption is laid out by Graphviz too (the same fonts as the
picture) and Pillow assembles the frames. Needs nothing beyond pip: `pip install -e ".[export]"`.
Views never change numbers: `.grad` is the same afterwards.
"""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

from autograd.i18n import language
from autograd.lecture.frames import (
    Frame,
    block_starts,
    caption_parts,
    check_frame_count,
    header_spans,
)
from autograd.lecture.layout import (
    LectureDrawing,
    frame_pictures,
    lecture_options,
    lecture_theme,
)
from autograd.value import Value
from autograd.viz.escape import html_label_text
from autograd.viz.options import DrawingOptions, drawing_options
from autograd.viz.style import FONT, THEMES, Theme

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = ["export_gif", "gif_frames"]

_CAPTION_POINTS = 20.0  # caption font size (points at 96 dpi) in a 1280-pixel frame: 27 px
_MARGIN = 16  # pixels around the picture and the caption


def export_gif(
    root: Value,
    path: str | Path,
    *,
    seconds_per_frame: float = 2.5,
    last_frame_seconds: float = 5.0,
    width: int = 1280,
    title: str | None = None,
    lang: str | None = None,
    max_frames: int = 200,
    options: DrawingOptions | None = None,
    **drawing: Unpack[LectureDrawing],
) -> Path:
    """Write the step-by-step lecture of `root` as a looping GIF to `path`; return the path.

    `seconds_per_frame` is how long each frame stays (the last one `last_frame_seconds`);
    `width` is the GIF's width in pixels; `title` a line above every caption (e.g. the
    formula); `lang` the language of the words ("en", "ru"; None: the current one).
    A graph with more than `max_frames` frames is refused. `options` (a `DrawingOptions`) and/or
    the keywords `drawing` are `draw`'s options, as the player takes them (`rankdir`, `theme`,
    `collapse`, `expand`, `cluster`, `names`, `number_format`, `notation`, ...): with `collapse=True` a network is stepped one neuron per
    frame, the same frames and captions as `export_html` shows. A GIF does not ask: an
    `options.quiz` is not used (its `options.lang` is, where `lang` is not given).
    """
    if not 0.02 <= seconds_per_frame <= 60 or not 0.02 <= last_frame_seconds <= 60:
        raise ValueError(
            "export_gif: seconds_per_frame and last_frame_seconds must be between 0.02 and 60, "
            f"got {seconds_per_frame!r} and {last_frame_seconds!r}"
        )
    images = gif_frames(
        root,
        width=width,
        title=title,
        lang=lang,
        max_frames=max_frames,
        options=drawing_options(options, drawing, "export_gif"),
    )
    durations = [round(seconds_per_frame * 1000)] * len(images)
    durations[-1] = round(last_frame_seconds * 1000)
    target = Path(path)
    from PIL.Image import Palette

    palette = [image.convert("P", palette=Palette.ADAPTIVE, colors=255) for image in images]
    palette[0].save(
        target,
        format="GIF",
        save_all=True,
        append_images=palette[1:],
        duration=durations,
        loop=0,  # forever
        disposal=1,
        optimize=False,
    )
    return target


def gif_frames(
    root: Value,
    *,
    width: int = 1280,
    title: str | None = None,
    lang: str | None = None,
    max_frames: int = 200,
    options: DrawingOptions | None = None,
    **drawing: Unpack[LectureDrawing],
) -> list[Image]:
    """The GIF's frames as Pillow RGB images, all `width` pixels wide and the same height."""
    from PIL import Image as PillowImage

    if isinstance(width, bool) or not isinstance(width, int) or not 320 <= width <= 4096:
        raise ValueError(f"export_gif: width must be an int from 320 to 4096 pixels, not {width!r}")
    chosen = drawing_options(options, drawing, "export_gif")
    with language(lang if lang is not None else chosen.lang):
        theme = lecture_theme(chosen)
        if theme not in THEMES:
            raise ValueError(f"export_gif: theme must be one of {', '.join(THEMES)}, got {theme!r}")
        colours = THEMES[theme]
        check_frame_count(root, max_frames, "export_gif")  # before a single frame is built
        pictures = frame_pictures(
            root, rankdir=chosen.rankdir, draw_options=lecture_options(chosen)
        )
        inner = width - 2 * _MARGIN
        dpi = 72.0 * inner / max(pictures.layout.width, 1.0)
        graphs = [
            PillowImage.open(io.BytesIO(pictures.png(i, dpi=dpi))).convert("RGB")
            for i in range(len(pictures))
        ]
        captions = [
            PillowImage.open(io.BytesIO(_caption_png(frame, title, width, colours))).convert("RGB")
            for frame in pictures.frames
        ]
    captions = [  # a very long caption line is scaled down to fit the frame
        image
        if image.width <= inner
        else image.resize((inner, round(image.height * inner / image.width)))
        for image in captions
    ]
    graph_height = max(image.height for image in graphs)
    caption_height = max(image.height for image in captions)
    height = _MARGIN + graph_height + _MARGIN + caption_height + _MARGIN
    frames = []
    for graph, caption in zip(graphs, captions):
        if graph.width > inner:  # rounding: never wider than the frame
            graph = graph.resize((inner, round(graph.height * inner / graph.width)))
        frame = PillowImage.new("RGB", (width, height), colours.background)
        frame.paste(graph, ((width - graph.width) // 2, _MARGIN))
        top = _MARGIN + graph_height + _MARGIN
        rule = PillowImage.new("RGB", (width, 2), colours.zero_fill)
        frame.paste(rule, (0, top - _MARGIN // 2))
        frame.paste(caption, (_MARGIN, top))
        frames.append(frame)
    return frames


def _caption_png(frame: Frame, title: str | None, width: int, colours: Theme) -> bytes:
    """The frame's phase and caption lines as a PNG, laid out by Graphviz in the drawings' font."""
    from autograd.viz.render import render_dot

    heading = html.escape(frame.title)
    if title:
        heading = f"{html_label_text(title)} · {heading}"
    cells, lines = [], [f"<B>{heading}</B>"]
    for part in caption_parts(frame.caption):  # text lines, and the Done frame's table
        if isinstance(part, str):
            lines.append(html_label_text(part))
            continue
        cells += [_text_cell(lines), f'<TD ALIGN="LEFT">{_table(part)}</TD>']
        lines = []
    if lines:
        cells.append(_text_cell(lines))
    label = (
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
        + "".join(f"<TR>{cell}</TR>" for cell in cells)
        + "</TABLE>"
    )
    source = (
        "digraph caption {\n"
        f'  graph [margin="0" pad="0" bgcolor="{colours.background}"]\n'
        f'  c [shape=plaintext margin="0" fontname="{FONT}" fontcolor="{colours.text}" '
        f'fontsize="{_CAPTION_POINTS * width / 1280:.2f}" label=<{label}>]\n'
        "}\n"
    )
    return render_dot(source, "png", dpi=96.0)


def _text_cell(lines: list[str]) -> str:
    return '<TD ALIGN="LEFT" BALIGN="LEFT">' + '<BR ALIGN="LEFT"/>'.join(lines) + "</TD>"


def _table(rows: list[list[str]]) -> str:
    """A caption's table (the Done frame's gradients) as a Graphviz HTML table: each block's
    name over its columns, numbers right-aligned, a wider gap before each block."""
    spans = header_spans(rows[0])
    starts = block_starts(rows[0])
    width = max(len(row) for row in rows)

    def gap(column: int) -> str:
        return '<TD WIDTH="24"></TD>' if column in starts and column > 0 else ""

    header, column = [], 0
    for name, span in spans:
        header.append(
            f'{gap(column)}<TD COLSPAN="{span}" ALIGN="LEFT">{html_label_text(name)}</TD>'
        )
        column += span
    body = ["".join(header)]
    for row in rows[1:]:
        row = row + [""] * (width - len(row))
        body.append(
            "".join(
                f'{gap(column)}<TD ALIGN="RIGHT">{html_label_text(cell)}</TD>'
                for column, cell in enumerate(row)
            )
        )
    return (
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">'
        + "".join(f"<TR>{cells}</TR>" for cells in body)
        + "</TABLE>"
    )

"""`export_html(root, path)`: the lecture player, one self-contained HTML file to project.

The page shows one frame at a time (from `autograd.lecture.layout.FramePictures`: every
frame the same picture, only numbers and colours change): the given inputs, the
forward pass node by node, "start: ∂f/∂f = 1", the backward pass node by node, and a
closing frame with every leaf's gradient, each with its caption in large type. Keys:
Space, Enter, →, PageDown (what presentation clickers send) go forward; Backspace, ←,
PageUp go back; Home and End jump. With `quiz="grad"` (or "data") the student types
each gradient (or value) before it is shown, gets right/wrong, can ask for the rule
as a hint, and sees a score at the end; the answers are in the script, not in the page
text. Printing gives one frame per page. Everything is inside the one file: no
network, no CDN, no web fonts, no external scripts, so it works offline from a USB
stick, and `Stepper` shows the same page inside a notebook. `lang="ru"` (or the package's
language, `autograd.i18n`) makes every word of the page Russian; the math stays as it is.
`theme="dark"` makes the whole page dark, not only the picture (colours: lecture/page_theme.py);
it still prints light. `theme="auto"` (draw's default) is light in a file; a `Stepper`'s page
follows its notebook: dark where the notebook's theme is dark (the Stepper tells the page, live)
or, before it is told, where the system prefers dark; it prints light.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any, Unpack

from autograd.i18n import _, language
from autograd.lecture import words
from autograd.lecture.descent import check_descent
from autograd.lecture.frames import QuizKind, check_frame_count
from autograd.lecture.layout import (
    FramePictures,
    LectureDrawing,
    frame_pictures,
    lecture_options,
    lecture_theme,
)
from autograd.lecture.page_theme import DARK_PAGE, LIGHT_PAGE, page_css
from autograd.lecture.shared_lines import DECODE_SCRIPT, decode_frames, encode_frames
from autograd.lecture.steps import formula_text
from autograd.value import Value
from autograd.viz.options import DrawingOptions, drawing_options

__all__ = ["export_html", "page_data", "player_html"]


def export_html(
    root: Value,
    path: str | Path,
    *,
    title: str | None = None,
    quiz: QuizKind | None = None,
    max_frames: int = 400,
    lang: str | None = None,
    what_if: bool = False,
    learning_rate: float | None = None,
    steps: int = 1,
    mistake: str | None = None,
    options: DrawingOptions | None = None,
    **drawing: Unpack[LectureDrawing],
) -> Path:
    """Write the step-by-step player of `root`'s graph to `path`; return the path.

    `title` defaults to the formula ("f = σ(w0 · x0 + w1 · x1 + w2)"); `quiz="grad"` asks
    for every gradient of the backward pass, `quiz="data"` for every value of the forward
    pass. Never changes any `.grad`. A graph with more than `max_frames` frames is refused
    (about two per operation node). `lang` ("en", "ru"; None: the current language) is the
    language of every word on the page. `options` (a `DrawingOptions`) and/or the keywords
    `drawing` (its fields: `cluster`, `collapse`, `expand`, `edge_labels`, `color_by_grad`,
    `rankdir`, `number_format`, `theme`, `names`, `notation`, ...) are `draw`'s options for every
    frame (an `options.quiz` or `options.lang` is used where `quiz` or `lang` is not given); with `collapse=True` (or an `expand`) a network is stepped one
    collapsed neuron per frame, its caption the layer rule δ_j = f′(z_j) Σ_k w_kj δ_k in numbers.
    `what_if=True` adds a number box and a slider for every leaf that is not a constant: changing
    one recomputes the graph in the page and refills every frame's numbers in place
    (autograd/lecture/what_if.py). `learning_rate=η` adds, after the Done frame, `steps` frames
    of gradient descent: each trainable leaf's w ← w − η·∂f/∂w in numbers and the new value of f
    (autograd/lecture/descent.py). `mistake` (a name of `autograd.lecture.mistakes.MISTAKES`,
    e.g. "product_no_swap") plants one classic error in one backward step, shown as if right;
    later numbers follow from it; the student clicks the step they think wrong, and a reveal
    explains it.
    """
    target = Path(path)
    page = player_html(
        root,
        title=title,
        quiz=quiz,
        max_frames=max_frames,
        lang=lang,
        what_if=what_if,
        learning_rate=learning_rate,
        steps=steps,
        mistake=mistake,
        options=options,
        **drawing,
    )
    target.write_text(page, encoding="utf-8")
    return target


def player_html(
    root: Value,
    *,
    title: str | None = None,
    quiz: QuizKind | None = None,
    max_frames: int = 400,
    embedded_id: str | None = None,
    lang: str | None = None,
    what_if: bool = False,
    learning_rate: float | None = None,
    steps: int = 1,
    mistake: str | None = None,
    options: DrawingOptions | None = None,
    **drawing: Unpack[LectureDrawing],
) -> str:
    """The HTML text that `export_html` writes.

    `embedded_id` makes the page for a notebook's iframe (`Stepper`): it sizes itself
    to its content and tells the notebook its height in a message tagged with that id.
    """
    chosen_options = drawing_options(options, drawing, "export_html")
    quiz = quiz if quiz is not None else chosen_options.quiz  # type: ignore[assignment]
    lang = lang if lang is not None else chosen_options.lang
    with language(lang) as chosen:  # captions, pictures and buttons all in one language
        check_descent(learning_rate, steps, "export_html")
        descent = None if learning_rate is None else (float(learning_rate), steps)
        return _page(
            root,
            title,
            quiz,
            max_frames,
            embedded_id,
            chosen,
            chosen_options,
            what_if,
            descent,
            mistake,
        )


def _page(
    root: Value,
    title: str | None,
    quiz: QuizKind | None,
    max_frames: int,
    embedded_id: str | None,
    lang: str,
    drawing: DrawingOptions,
    what_if: bool = False,
    descent: tuple[float, int] | None = None,
    mistake: str | None = None,
) -> str:
    """`player_html`'s page, built inside the language scope (`lang` is its code for <html>)."""
    if quiz not in (None, "grad", "data"):
        raise ValueError(f"export_html: quiz must be None, 'grad' or 'data', got {quiz!r}")
    check_frame_count(root, max_frames, "export_html")
    options = lecture_options(drawing)  # every option but the lecture's own, for every frame
    if what_if and drawing.view == "matrix":
        raise ValueError("export_html: what_if recomputes scalar frames; use view='scalar' with it")
    rankdir = drawing.rankdir
    # theme="auto" (draw's default) is light in a file; a Stepper's page follows its notebook
    follows = drawing.theme == "auto" and embedded_id is not None and drawing.view != "matrix"
    if follows:
        options["theme"] = "auto"  # each frame drawn light and dark (FramePictures.pairs)
    theme_css = page_css("auto" if follows else lecture_theme(drawing))
    if drawing.view == "matrix":  # layer by layer: autograd/lecture/matrix_frames.py
        if descent is not None or mistake is not None:
            raise ValueError(
                "export_html: the descent frames and a planted mistake step scalars; "
                "use view='scalar'"
            )
        pictures = frame_pictures(root, quiz=quiz, rankdir=rankdir, draw_options=options)
    else:
        pictures = FramePictures(
            root, quiz=quiz, rankdir=rankdir, draw_options=options, descent=descent, mistake=mistake
        )
    heading = title if title is not None else formula_text(root) or _(words.DEFAULT_TITLE)
    player_words = words.player_words()
    frames = [_frame_data(pictures, index) for index in range(len(pictures))]
    extra = {"panel": "", "script": "", "css": ""}
    if what_if:
        extra = _what_if_parts(root, pictures, frames, quiz, rankdir, options)
    # the pictures once, as shared lines and each frame's changes (lecture/shared_lines.py)
    shared = encode_frames(
        [frame.pop("svg") for frame in frames], [frame.pop("asked_svg", None) for frame in frames]
    )
    data = {
        "id": embedded_id,
        "words": player_words,
        "frames": frames,
        "pictures": shared,
        "mistake": bool(mistake),
    }
    pairs = getattr(pictures, "pairs", None)
    if pairs is not None:  # theme="auto": the frames repainted where the page is dark
        data["dark_colours"] = pairs.dark
        theme_css += "\n" + pairs.css(
            "#picture", dark_page=DARK_PAGE, light_page=LIGHT_PAGE, screen_only=True
        )
    parts = {
        "what_if_panel": extra["panel"],
        "what_if_script": extra["script"],
        "what_if_css": extra["css"],
        "lang": html.escape(lang),
        "title": html.escape(heading),
        "mode": ("embedded" if embedded_id is not None else "page") + (" quizzing" if quiz else ""),
        "theme_css": theme_css,
        "data": _script_json(data),
        "decode_script": DECODE_SCRIPT,
        "previous": html.escape(player_words["previous"]),
        "next": html.escape(player_words["next"]),
        "keys": html.escape(player_words["keys"]),
        "check": html.escape(player_words["check"]),
        "hint": html.escape(player_words["hint"]),
        "reveal": html.escape(player_words["reveal"]),
        "blame": html.escape(player_words["blame"]),
        "reveal_mistake": html.escape(player_words["reveal_mistake"]),
    }
    # One pass, so text that came from labels is never scanned for placeholders again.
    return re.sub(r"\{\{(\w+)\}\}", lambda match: parts[match.group(1)], _PAGE)


def _what_if_parts(
    root: Value,
    pictures: FramePictures,
    frames: list[dict[str, Any]],
    quiz: QuizKind | None,
    rankdir: str,
    options: dict[str, Any],
) -> dict[str, str]:
    """The what-if controls and script (lecture/what_if.py), with the frames of other leaf
    values drawn on this same layout (so their numbers can be found in the same places)."""
    from autograd.lecture.what_if import what_if_page_parts

    def variant_frames(variant: Value) -> list[dict[str, Any]]:
        other = FramePictures(variant, quiz=quiz, rankdir=rankdir, draw_options=options)
        other.layout = pictures.layout
        other.pairs = pictures.pairs  # one colour map for every picture of the page
        return [_frame_data(other, index) for index in range(len(other))]

    return what_if_page_parts(root, frames, variant_frames, options.get("number_format", ".4g"))


def _frame_data(pictures: FramePictures, index: int) -> dict[str, Any]:
    """What the page's script needs for one frame (pictures as inline SVG, text as text)."""
    frame = pictures.frames[index]
    data: dict[str, Any] = {
        "phase": frame.phase,
        "title": frame.title,
        "caption": frame.caption.splitlines(),
        "svg": _inline_svg(pictures, index, answered=True),
        "questions": [
            {"prompt": q.prompt, "answer": q.answer, "shown": q.shown, "hint": q.hint}
            for q in frame.questions
        ],
    }
    if frame.mistake:
        data["mistake"] = frame.mistake
    if frame.questions:
        data["asked_caption"] = frame.question_caption.splitlines()
        data["asked_svg"] = _inline_svg(pictures, index, answered=False)
    return data


def page_data(page: str) -> dict[str, Any]:
    """The data a player page carries, read back from it: its "frames", each with "svg" (inline,
    without namespaces; decoded from the page's shared lines), "caption" (lines), "phase" and
    "title"; its "words"; its "id"."""
    found = re.search(
        r'<script type="application/json" id="lecture-data">(.*?)</script>', page, re.S
    )
    if found is None:
        raise ValueError("page_data: not a page made by export_html or player_html")
    data: dict[str, Any] = json.loads(found.group(1))
    shared = data.pop("pictures", None)
    if shared is not None:  # each frame's SVG text again, from the shared lines
        for frame, (svg, asked) in zip(data["frames"], decode_frames(shared), strict=True):
            frame["svg"] = svg
            if asked is not None:
                frame["asked_svg"] = asked
    return data


def _script_json(data: object) -> str:
    """JSON that is safe inside a <script> element: no "<", ">" or "&" characters at all."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _inline_svg(pictures: FramePictures, index: int, *, answered: bool) -> str:
    """The frame's SVG trimmed to an `<svg>` element that scales to its box.

    The XML prolog and DOCTYPE go (an HTML page does not want them), as do the fixed
    width/height (CSS sizes it; the viewBox keeps the proportions) and the xmlns
    declarations (inline SVG in HTML needs none). The current node's groups get the
    class "current".
    """
    svg = pictures.svg(index, answered=answered)
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<svg\b[^>]*?>", lambda tag: _trim_svg_tag(tag.group(0)), svg, count=1)
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
    highlight = pictures.frames[index].highlight
    if highlight is not None:
        box = pictures.node_id(highlight)
        for dot_id in (box, box.replace("v", "op", 1)):
            svg = re.sub(
                rf'class="node">(\s*<title>{dot_id}</title>)',
                r'class="node current">\1',
                svg,
                count=1,
            )
    return svg


def _trim_svg_tag(tag: str) -> str:
    tag = re.sub(r'\s(width|height|xmlns(:xlink)?)="[^"]*"', "", tag)
    return tag.replace("<svg", '<svg preserveAspectRatio="xMidYMid meet" role="img"', 1)


_PAGE = """<!DOCTYPE html>
<html lang="{{lang}}" class="{{mode}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<style>
{{theme_css}}{{what_if_css}}
  html, body { margin: 0; background: var(--background); color: var(--text);
    font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
  html.page, html.page body { height: 100%; }
  body { display: flex; flex-direction: column; }
  header { display: flex; align-items: center; gap: 1rem; padding: 0.4rem 1.2rem;
    border-bottom: 2px solid var(--rule); }
  h1 { flex: 1; margin: 0; font-size: clamp(1.2rem, 2.2vw, 2.1rem); font-weight: 600; }
  #phase { font-size: clamp(1rem, 1.7vw, 1.6rem); padding: 0.15rem 0.9rem; border-radius: 1rem;
    white-space: nowrap; }
  #phase.forward { background: var(--forward-chip); color: var(--forward-chip-text); }
  #phase.backward { background: var(--backward-chip); color: var(--backward-chip-text); }
  #phase.end { background: var(--end-chip); color: var(--end-chip-text); }
  main { flex: 1; min-height: 0; display: flex; flex-direction: column; }
  #picture { flex: 1; min-height: 0; padding: 0.4rem 1rem; }
  #picture svg { display: block; width: 100%; height: 100%; }
  html.embedded #picture svg { height: auto; max-height: var(--picture-room, 420px); }
  /* The notebook fits the iframe to the page, so a scrollbar inside it would only ever be a
     transient, dead one (measured while the first height was still too small). */
  html.embedded, html.embedded body { overflow: hidden; }
  #caption { padding: 0.5rem 1.5rem; border-top: 2px solid var(--rule); background: var(--caption-background);
    font-size: clamp(1.25rem, 2.5vw, 2.5rem); line-height: 1.35; box-sizing: content-box; }
  html.embedded #caption { font-size: 1.2rem; }
  #caption div { white-space: pre-wrap; }
  table.grads { border-collapse: collapse; white-space: nowrap;
    font-variant-numeric: tabular-nums; }
  table.grads th { font-weight: 400; text-align: left; padding: 0 0 0 0.5em; }
  table.grads td { text-align: right; padding: 0 0 0 0.5em; }
  table.grads .start { padding-left: 1.5em; }
  table.grads tr > :first-child { padding-left: 0; }
  #caption div:first-child { font-weight: 600; }
  #caption.backward { border-top-color: var(--backward); }
  #caption.forward { border-top-color: var(--forward); }
  #quiz { padding: 0.3rem 1.5rem; font-size: clamp(1.05rem, 1.6vw, 1.6rem); background: var(--quiz-background);
    border-top: 1px solid var(--rule); }
  html.embedded #quiz { font-size: 1.15rem; }
  #quiz[hidden] { display: none; }
  /* A quiz page keeps the picture large: the buttons sit beside the answer boxes, not below
     them, and the caption's type is a little smaller (students read it on their own screens). */
  #quiz:not([hidden]) { display: grid; grid-template-columns: 1fr auto; column-gap: 1rem; }
  #questions { grid-column: 1; grid-row: 1; }
  #quiz > .question { grid-column: 2; grid-row: 1; }
  #hint { grid-column: 1 / span 2; grid-row: 2; }
  html.page.quizzing #caption { font-size: clamp(1.15rem, 1.9vw, 1.9rem); }
  .question { display: flex; align-items: center; gap: 0.6rem; height: 2em;
    white-space: nowrap; }
  #hint { display: block; height: 2.4em; overflow: auto; line-height: 1.2;
    font-size: 0.85em; }
  .question input { font: inherit; width: 8em; padding: 0.1rem 0.4rem;
    border: 2px solid var(--field-border); border-radius: 0.3rem;
    background: var(--field-background); color: var(--text); }
  .verdict.right { color: var(--right); font-weight: 600; }
  .verdict.wrong { color: var(--wrong); font-weight: 600; }
  .verdict.coarse { color: var(--hint); font-weight: 600; }
  #hint { color: var(--hint); }
  nav { display: flex; justify-content: center; align-items: center; gap: 1.2rem;
    padding: 0.4rem; flex-wrap: wrap; }
  button { font: inherit; font-size: clamp(1.05rem, 1.7vw, 1.6rem); padding: 0.25rem 1.2rem;
    border: 2px solid var(--button-border); border-radius: 0.5rem;
    background: var(--button-background); color: var(--text); cursor: pointer; }
  html.embedded button { font-size: 1.05rem; }
  #quiz button { font-size: inherit; padding: 0.1rem 0.9rem; }
  button:disabled { opacity: 0.35; cursor: default; }
  #counter { font-size: clamp(1.05rem, 1.7vw, 1.6rem); min-width: 5em; text-align: center;
    font-variant-numeric: tabular-nums; }
  #score { font-size: clamp(1.05rem, 1.7vw, 1.6rem); font-weight: 600; color: var(--score); }
  .keys { color: var(--muted-text); font-size: 1rem; }
  /* The score's line is as tall as the counter's: the key help gives way (never a new row). */
  #score:not(:empty) ~ .keys { display: none; }
  #print { display: none; }
  /* A page on a wide screen (a projector's 1920x1080): the buttons beside the title, in its
     bar, rather than in a bar of their own, so the picture has their 55 px (a collapsed 4-4-1's
     numbers are a column of 32 rows: its height sets their size). */
  @media (min-width: 1600px) {
    html.page body { display: grid; grid-template-columns: minmax(0, 1fr) auto;
      grid-template-rows: auto auto minmax(0, 1fr); }
    html.page body > * { grid-column: 1 / -1; }
    html.page header { grid-column: 1; grid-row: 1; }
    html.page nav { grid-column: 2; grid-row: 1; border-bottom: 2px solid var(--rule);
      padding: 0.4rem 1.2rem 0.4rem 0; flex-wrap: nowrap; }
    html.page nav .keys { max-width: 20em; font-size: 0.9rem; line-height: 1.2; }
    html.page #what-if { grid-row: 2; }
    html.page main { grid-row: 3; }
  }
  #mistake { display: flex; gap: 1rem; align-items: center; padding: 0.3rem 1.5rem;
    font-size: clamp(1.05rem, 1.6vw, 1.6rem); min-height: 2.6em;
    border-top: 1px solid var(--rule); background: var(--quiz-background); }
  #mistake[hidden] { display: none; }
  #mistake button { font-size: inherit; padding: 0.1rem 0.9rem; white-space: nowrap; }
  #mistake-result { flex: 1; max-height: 2.6em; overflow: auto; line-height: 1.25; }
  #mistake-result.right { color: var(--right); font-weight: 600; }
  #mistake-result.wrong { color: var(--wrong); font-weight: 600; }
  @media print {
    @page { size: landscape; margin: 1cm; }
    html, body { height: auto; }
    header, main, nav { display: none !important; }
    #print { display: block; }
    .printed { break-after: page; page-break-after: always; }
    .printed:last-child { break-after: auto; page-break-after: auto; }
    .printed h2 { font-size: 14pt; margin: 0 0 0.3cm 0; }
    .printed svg { display: block; width: 100%; height: auto; max-height: 13cm; }
    .printed .caption { font-size: 14pt; line-height: 1.35; margin-top: 0.3cm; }
  }
</style>
</head>
<body>
<header><h1>{{title}}</h1><span id="phase"></span></header>
{{what_if_panel}}
<main>
<div id="picture"></div>
<div id="caption" aria-live="polite"></div>
<form id="quiz" hidden autocomplete="off">
  <div id="questions"></div>
  <div class="question">
    <button id="check" type="submit">{{check}}</button>
    <button id="hint-button" type="button">{{hint}}</button>
    <button id="reveal" type="button">{{reveal}}</button>
  </div>
  <div id="hint" aria-live="polite"></div>
</form>
<div id="mistake" hidden>
  <button id="blame" type="button">{{blame}}</button>
  <button id="reveal-mistake" type="button">{{reveal_mistake}}</button>
  <span id="mistake-result" aria-live="polite"></span>
</div>
</main>
<nav>
  <button id="previous" type="button">{{previous}}</button>
  <span id="counter"></span>
  <button id="next" type="button">{{next}}</button>
  <span id="score"></span>
  <span class="keys">{{keys}}</span>
</nav>
<div id="print"></div>
<script type="application/json" id="lecture-data">{{data}}</script>
<script>
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("lecture-data").textContent);
  var frames = data.frames, words = data.words;
{{decode_script}}
  // A frame's picture: the what-if controls' refilled text where they set one, else decoded.
  function svgOf(index, asked) {
    var own = asked ? frames[index].asked_svg : frames[index].svg;
    return typeof own === "string" ? own : pictures.svg(index, asked);
  }
  var byId = function (id) { return document.getElementById(id); };
  var picture = byId("picture"), caption = byId("caption"), quiz = byId("quiz");
  var questions = byId("questions"), hint = byId("hint"), score = byId("score");
  var previous = byId("previous"), next = byId("next"), counter = byId("counter");
  var phase = byId("phase");
  // Per frame, per question: what was typed, how many wrong tries, and whether it is done
  // (right, or its answer shown). A frame stays open until every question is done.
  function freshVerdicts() {
    return frames.map(function (frame) {
      return frame.questions.map(function () {
        return { typed: "", tries: 0, right: false, shown: false, coarse: false };
      });
    });
  }
  var verdicts = freshVerdicts();
  var current = 0;

  // The caption and the quiz keep the height of their tallest frame, so the picture above
  // them never changes size from one frame to the next.
  var tallest = 1, mostQuestions = 0;
  frames.forEach(function (frame) {
    tallest = Math.max(tallest, frame.caption.length);
    if (frame.questions.length > 0) {
      tallest = Math.max(tallest, frame.asked_caption.length + 1);
      mostQuestions = Math.max(mostQuestions, frame.questions.length);
    }
  });
  caption.style.minHeight = (1.35 * tallest) + "em";
  if (mostQuestions > 0) { questions.style.height = (2 * mostQuestions) + "em"; }

  function fill(template, values) {
    return template.replace(/\\{(\\w+)\\}/g, function (all, name) { return values[name]; });
  }
  // One div per caption line; a word joiner after each "/" keeps "∂f/∂x" on one line.
  // Lines with tabs are the rows of one table (the Done frame's gradients; caption_parts in
  // autograd/lecture/frames.py): its first row names the blocks, each name over the columns
  // of its block (the empty cells after it); a block starts with a wider gap.
  function lines(target, texts) {
    target.textContent = "";
    var table = null, starts = [];
    texts.forEach(function (text) {
      if (text.indexOf("\\t") < 0) {
        table = null;
        var line = document.createElement("div");
        line.textContent = text.replace(/\\//g, "/\u2060");
        target.appendChild(line);
        return;
      }
      var header = table === null;
      if (header) {
        table = document.createElement("table");
        table.className = "grads";
        target.appendChild(table);
        starts = [];
      }
      var row = table.insertRow();
      text.split("\\t").forEach(function (cell, column) {
        if (header && cell === "" && column > 0) { row.lastChild.colSpan += 1; return; }
        if (header) { starts.push(column); }
        var box = document.createElement(header ? "th" : "td");
        box.textContent = cell.replace(/\\//g, "/\u2060");
        if (column > 0 && starts.indexOf(column) >= 0) { box.className = "start"; }
        row.appendChild(box);
      });
    });
  }
  // The caption area is exactly as tall as the tallest caption as this window lays it out
  // (wrapped lines counted, the Done frame's too), so the picture is the same size and in the
  // same place in every frame. On a page its type shrinks (not below 18 px) until that caption
  // takes at most a quarter of the window: a network's picture keeps the room its numbers need.
  function fitCaption() {
    caption.style.height = "";
    caption.style.minHeight = "0";
    caption.style.fontSize = "";
    caption.style.boxSizing = "border-box";
    var wide = false;
    var tallest = function () {
      var most = 0;
      wide = false;
      frames.forEach(function (frame) {
        var texts = [frame.caption];
        if (frame.questions.length > 0) {
          texts.push(frame.asked_caption.concat([words.quiz_prompt]));
        }
        texts.forEach(function (text) {
          lines(caption, text);
          most = Math.max(most, caption.getBoundingClientRect().height);
          wide = wide || caption.scrollWidth > caption.clientWidth + 1;
        });
      });
      return Math.ceil(most);
    };
    var size = parseFloat(getComputedStyle(caption).fontSize);
    var most = tallest();
    // and until no caption is wider than the window (a table row never wraps), not below 12 px
    while ((wide && size > 12) ||
           (data.id === null && most > 0.25 * window.innerHeight && size > 18)) {
      size -= 1;
      caption.style.fontSize = size + "px";
      most = tallest();
    }
    caption.style.height = most + "px";
  }
  function isDone(verdict) { return verdict.right || verdict.shown; }
  function isOpen(index) {
    return verdicts[index].some(function (verdict) { return !isDone(verdict); });
  }
  // A typed number: "−0.25", "-.25", "1e-3", "0,5"; null if it is not one, or if it is not
  // finite ("1e400" is not a number a gradient can be).
  function parseNumber(text) {
    var clean = text.trim().replace(/[\\u2212\\u2013]/g, "-").replace(/\\s/g, "");
    if (clean.indexOf(".") < 0) { clean = clean.replace(",", "."); }
    var match = /^[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?$/i.exec(clean);
    if (!match) { return null; }
    var mantissa = match[1], exponent = match[2] ? parseInt(match[2].slice(1), 10) : 0;
    var decimals = mantissa.indexOf(".") < 0 ? 0 : mantissa.length - mantissa.indexOf(".") - 1;
    var significant = mantissa.replace(".", "").replace(/^0+/, "").length;
    var value = parseFloat(clean), unit = Math.pow(10, exponent - decimals);
    if (!isFinite(value) || !isFinite(unit)) { return null; }
    return { value: value, unit: unit, significant: significant };
  }
  // "right": the exact answer ("-4" for -4), or the answer rounded to the digits typed with at
  // least two significant digits ("-0.20" for -0.1966); "coarse": it rounds right but has one
  // digit ("-0.2"); else "wrong".
  function judge(typed, answer) {
    var off = Math.abs(typed.value - answer);
    if (off <= 1e-9 * Math.abs(answer)) { return "right"; }
    if (off > typed.unit / 2 * (1 + 1e-9)) { return "wrong"; }
    return typed.significant >= 2 ? "right" : "coarse";
  }
  // The score over the questions met (answered or shown): right at the first try, and right
  // in the end (after more tries).
  function totals() {
    var first = 0, eventually = 0, asked = 0;
    verdicts.forEach(function (list) {
      list.forEach(function (verdict) {
        if (isDone(verdict)) { asked += 1; }
        if (verdict.right) { eventually += 1; if (verdict.tries === 0) { first += 1; } }
      });
    });
    return { first: first, eventually: eventually, asked: asked };
  }
  // In a notebook: tell the page around the iframe how tall the player is (its content,
  // not the iframe's own height, so that a resize cannot feed back into itself).
  var toldHeight = 0;
  function tellHeight() {
    if (data.id === null || window.parent === window) { return; }
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height !== toldHeight) {
      toldHeight = height;
      window.parent.postMessage({ backpropLab: data.id, height: height }, "*");
    }
  }
  // The notebook also tells how tall its visible area is: the picture shrinks so that the
  // whole player (caption and buttons too) fits in it, never taller than 420 px.
  var viewHeight = 0;
  function fitPicture() {
    var drawing = picture.querySelector("svg");
    if (viewHeight <= 0 || !drawing) { return; }
    var others = document.body.getBoundingClientRect().height -
      drawing.getBoundingClientRect().height;
    var room = Math.max(120, Math.min(420, Math.floor(viewHeight - others - 12)));
    document.documentElement.style.setProperty("--picture-room", room + "px");
  }
  window.addEventListener("message", function (event) {
    var message = event.data;
    // theme="auto" in a notebook: the notebook says whether its theme is light or dark.
    if (data.id !== null && message && message.backpropLabTheme === data.id) {
      document.documentElement.setAttribute("data-theme", message.dark ? "dark" : "light");
    }
    // Space pressed over the Stepper before it had the focus: the notebook gave it the focus
    // (and kept the page from scrolling); the Space is a step.
    if (data.id !== null && message && message.backpropLabStep === data.id) { forward(); }
    if (data.id !== null && message && message.backpropLabView === data.id) {
      viewHeight = Number(message.height) || 0;
      fitPicture();
      tellHeight();
    }
  });
  function buildQuestions(frame, index) {
    questions.textContent = "";
    hint.textContent = "";
    frame.questions.forEach(function (question, q) {
      var row = document.createElement("div");
      row.className = "question";
      var label = document.createElement("label");
      label.textContent = question.prompt + " ";
      var input = document.createElement("input");
      input.type = "text";
      input.inputMode = "decimal";
      input.setAttribute("aria-label", question.prompt);
      label.appendChild(input);
      var verdict = document.createElement("span");
      verdict.className = "verdict";
      var given = verdicts[index][q];
      input.value = given.typed;
      input.disabled = isDone(given);
      if (given.right) {
        verdict.className = "verdict right";
        verdict.textContent = given.tries === 0 ? words.right : words.right_now;
      } else if (given.shown) {
        verdict.className = "verdict wrong";
        verdict.textContent = fill(given.tries === 0 ? words.unanswered : words.wrong,
                                   { answer: question.shown });
      } else if (given.coarse) {
        verdict.className = "verdict coarse";
        verdict.textContent = words.too_coarse;
      } else if (given.tries > 0) {
        verdict.className = "verdict wrong";
        verdict.textContent = words.try_again;
      }
      row.appendChild(label);
      row.appendChild(verdict);
      questions.appendChild(row);
    });
  }
  function show(index, focus) {
    current = Math.max(0, Math.min(frames.length - 1, index));
    var frame = frames[current], open = isOpen(current);
    picture.innerHTML = svgOf(current, open);
    lines(caption, open ? frame.asked_caption.concat([words.quiz_prompt]) : frame.caption);
    caption.className = frame.phase;
    quiz.hidden = mostQuestions === 0;
    quiz.style.visibility = frame.questions.length === 0 ? "hidden" : "visible";
    if (frame.questions.length === 0) { questions.textContent = ""; hint.textContent = ""; }
    else {
      buildQuestions(frame, current);
      byId("check").disabled = !open;
      byId("reveal").disabled = !open;
      var tried = verdicts[current].some(function (v) { return v.tries > 0 && !isDone(v); });
      if (open && tried) { showHint(); }  // after a wrong answer: the rule, before the answer
      else if (verdicts[current].some(function (v) { return v.coarse && !isDone(v); })) {
        hint.textContent = words.coarse_hint;
      }
      var first = questions.querySelector("input:not([disabled])");
      if (open && focus && first) { first.focus({ preventScroll: true }); }
    }
    counter.textContent = (current + 1) + " / " + frames.length;
    previous.disabled = current === 0;
    next.disabled = current === frames.length - 1 && !open;
    phase.textContent = frame.title;
    phase.className = frame.phase;
    var sum = totals();
    score.textContent = sum.asked > 0 && frame.phase === "end" ? fill(words.score, sum) : "";
    if (data.mistake) {
      byId("mistake").hidden = false;
      byId("blame").disabled = frame.phase !== "backward" || current === mistakeBlamed;
      var known = mistakeFound && frame.mistake;
      mistakeResult.textContent = known ? fill(words.mistake_found, { why: frame.mistake }) : "";
      mistakeResult.className = known ? "right" : "";
    }
    fitPicture();
    tellHeight();
  }
  // Find the mistake: the student blames a step; right if it is the planted one.
  var mistakeResult = byId("mistake-result"), mistakeFound = false, mistakeBlamed = -1;
  byId("blame").addEventListener("click", function () {
    var frame = frames[current];
    mistakeBlamed = current;
    if (frame.mistake) { mistakeFound = true; show(current, false); return; }
    mistakeResult.textContent = words.mistake_not_here;
    mistakeResult.className = "wrong";
    byId("blame").disabled = true;
    tellHeight();
  });
  byId("reveal-mistake").addEventListener("click", function () {
    mistakeFound = true;
    for (var i = 0; i < frames.length; i += 1) {
      if (frames[i].mistake) { show(i, false); return; }
    }
  });
  function showHint() {
    hint.textContent = frames[current].questions.map(function (q) { return q.hint; }).join("; ");
    tellHeight();
  }
  // Check (reveal false): each open question is judged; a wrong one stays open for another
  // try. Show the answer (reveal true): every open question is shown, not counted as right.
  function answer(reveal) {
    if (!isOpen(current)) { return; }
    var inputs = questions.querySelectorAll("input");
    var frame = frames[current], list = verdicts[current], q;
    if (!reveal) {
      for (q = 0; q < frame.questions.length; q += 1) {
        if (!isDone(list[q]) && parseNumber(inputs[q].value) === null) {
          hint.textContent = words.not_a_number;
          inputs[q].focus();
          return;
        }
      }
    }
    for (q = 0; q < frame.questions.length; q += 1) {
      var verdict = list[q];
      if (isDone(verdict)) { continue; }
      verdict.typed = inputs[q].value.trim();
      if (reveal) { verdict.shown = true; continue; }
      var outcome = judge(parseNumber(verdict.typed), frame.questions[q].answer);
      verdict.coarse = outcome === "coarse";  // not counted as a try: it is not wrong
      if (outcome === "right") { verdict.right = true; }
      if (outcome === "wrong") { verdict.tries += 1; }
    }
    show(current, false);
    if (isOpen(current)) {
      var first = questions.querySelector("input:not([disabled])");
      if (first) { first.focus({ preventScroll: true }); first.select(); }
    } else { next.focus({ preventScroll: true }); }
  }
  function forward() {
    if (isOpen(current)) { answer(true); } else { show(current + 1, true); }
  }
  quiz.addEventListener("submit", function (event) { event.preventDefault(); answer(false); });
  byId("reveal").addEventListener("click", function () { answer(true); });
  byId("hint-button").addEventListener("click", showHint);
  previous.addEventListener("click", function () { show(current - 1, true); });
  next.addEventListener("click", forward);
  // In a notebook the player takes only its own keys: any other (Escape, Ctrl+S, Shift+Enter,
  // ...) goes back to the notebook, which gets the focus and the key (the Stepper's script).
  function handBack(event) {
    if (data.id === null || window.parent === window) { return false; }
    window.parent.postMessage({ backpropLabKey: data.id, key: event.key, code: event.code,
      keyCode: event.keyCode, ctrlKey: event.ctrlKey, shiftKey: event.shiftKey,
      altKey: event.altKey, metaKey: event.metaKey }, "*");
    event.preventDefault();
    return true;
  }
  document.addEventListener("keydown", function (event) {
    var tag = event.target && event.target.tagName;
    var own = /^( |Enter|ArrowRight|ArrowLeft|PageDown|PageUp|Backspace|Home|End|Tab)$/;
    if (event.key === "Escape" || event.altKey || event.ctrlKey || event.metaKey ||
        (event.shiftKey && event.key === "Enter") ||
        (tag !== "INPUT" && !own.test(event.key) && event.key.length > 1)) {
      if (handBack(event)) { return; }
    }
    if (tag === "INPUT" || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (tag === "BUTTON" && (event.key === "Enter" || event.key === " ")) { return; }
    var key = event.key;
    if (key === " " || key === "Enter" || key === "ArrowRight" || key === "PageDown") {
      forward();
    } else if (key === "Backspace" || key === "ArrowLeft" || key === "PageUp") {
      show(current - 1, true);
    } else if (key === "Home") { show(0, true); }
    else if (key === "End") { show(frames.length - 1, true); }
    else { return; }
    event.preventDefault();
  });
  // Printing: every frame, one per page, with its caption (answers shown).
  window.addEventListener("beforeprint", function () {
    var target = byId("print");
    target.textContent = "";
    frames.forEach(function (frame, index) {
      var page = document.createElement("section");
      page.className = "printed";
      var heading = document.createElement("h2");
      heading.textContent = document.title + " \\u2014 " + frame.title + ", " +
        words.frame + " " + (index + 1) + " / " + frames.length;
      var drawing = document.createElement("div");
      drawing.innerHTML = svgOf(index, false);
      var text = document.createElement("div");
      text.className = "caption";
      lines(text, frame.caption);
      page.appendChild(heading);
      page.appendChild(drawing);
      page.appendChild(text);
      target.appendChild(page);
    });
  });
  window.addEventListener("afterprint", function () { byId("print").textContent = ""; });
  window.addEventListener("resize", function () {
    fitCaption();
    show(current, false);
    tellHeight();
  });
  // For the what-if controls (lecture/what_if.py): they refill `frames`, then ask for a redraw
  // of the current frame, with the quiz asked again for the new numbers.
  window.backpropLabPlayer = { frames: frames, svg: svgOf, reset: function () {
    verdicts = freshVerdicts();
    show(current, false);
  } };
  fitCaption();
  show(0, false);
}());
</script>
{{what_if_script}}
</body>
</html>
"""

"""`Stepper(root)`: the lecture player inside a notebook, with no kernel round trip.

Displaying a `Stepper` shows the same page as `export_html` in an iframe (its
`srcdoc`): the graph scaled to the cell's width, the caption under it, the
Previous/Next buttons, and the keys (Space, Enter, arrows, Backspace, Home, End)
once it has the focus (click it). Everything runs in the browser, so it keeps
working in a notebook exported to HTML with nbconvert or shown on nbviewer, and the
iframe keeps the player's keys away from Jupyter's own shortcuts. A small script next
to the iframe fits its height to the player (without it, the iframe keeps its first
height and scrolls). Making or showing a stepper never changes any `.grad`.
"""

from __future__ import annotations

import html
import itertools
import os
from typing import Any, Unpack

from autograd.i18n import _, language, ngettext
from autograd.lecture.frames import Frame, QuizKind, caption_parts, header_spans
from autograd.lecture.layout import LectureDrawing, lecture_options
from autograd.lecture.player import page_data, player_html
from autograd.value import Value
from autograd.viz.auto_theme import ColourPairs, themed_svg
from autograd.viz.options import DrawingOptions, drawing_options
from autograd.viz.render import svg_image

__all__ = ["Stepper"]

_NUMBERS = itertools.count(1)


class Stepper:
    """Step through the forward and backward pass of `root` in a notebook cell.

    `quiz="grad"` (or "data") makes it a quiz, as in `export_html`; `title` defaults to
    the formula; `lang` ("en", "ru"; None: the current language, `autograd.i18n`) is the
    language of its words; `options` (a `DrawingOptions`) and/or the keywords `drawing` are
    `draw`'s options, as `export_html` takes them (with `collapse=True` a network is stepped a
    neuron at a time). Make it the last expression of a
    cell to show it. `frames` are the frames it shows; `html()` is the page inside the iframe.
    `what_if=True` adds a number box and slider per leaf that recompute every frame in the page.
    `learning_rate=η` (and `steps=k`) adds k frames of gradient descent after the Done frame;
    `mistake` plants one error to find, as `export_html` does. Its `theme` is "auto" unless
    given: light or dark with the notebook's theme (the still pictures an untrusted notebook
    shows too), live when the theme is switched.
    """

    def __init__(
        self,
        root: Value,
        *,
        quiz: QuizKind | None = None,
        title: str | None = None,
        lang: str | None = None,
        what_if: bool = False,
        learning_rate: float | None = None,
        steps: int = 1,
        mistake: str | None = None,
        options: DrawingOptions | None = None,
        **drawing: Unpack[LectureDrawing],
    ) -> None:
        # A per-process number plus the pid: unique among the outputs of one notebook page.
        self.element_id = f"backprop-lab-{os.getpid()}-{next(_NUMBERS)}"
        from autograd.lecture.network_frames import lecture_frames_for

        chosen_options = drawing_options(options, drawing, "Stepper")  # one object, as drawn
        quiz = quiz if quiz is not None else chosen_options.quiz  # type: ignore[assignment]
        lang = lang if lang is not None else chosen_options.lang
        frame_options = lecture_options(chosen_options)
        with language(lang) as chosen:  # its words stay in this language once made
            self.lang = chosen
            self._page = player_html(
                root,
                title=title,
                quiz=quiz,
                embedded_id=self.element_id,
                what_if=what_if,
                learning_rate=learning_rate,
                steps=steps,
                mistake=mistake,
                options=chosen_options,
            )
            if mistake is None:
                self.frames: list[Frame] = lecture_frames_for(root, quiz, frame_options)
            else:
                from autograd.lecture.layout import planted_frames

                self.frames = planted_frames(root, mistake, quiz, frame_options)
            if learning_rate is not None:
                from autograd.lecture.descent import descent_frames

                self.frames += descent_frames(root, learning_rate, steps)

    def html(self) -> str:
        """The player page shown in the iframe (the same as `export_html` writes, embedded)."""
        return self._page

    def _repr_html_(self) -> str:
        """Jupyter shows the iframe, a few lines of script that fit its height, and a still picture.

        The still picture (the first and the last frame, and one line saying why) is for front
        ends that do not run the output's script (an untrusted notebook, GitHub): they strip the
        iframe and the script, and keep it. Where the script runs, it hides the still picture.
        """
        element = self.element_id
        with language(self.lang):
            title = html.escape(_("backprop stepper"), quote=True)
            still = self._still_html()
        return (
            f'<iframe id="{element}" class="backprop-lab-stepper" title="{title}" '
            f'srcdoc="{html.escape(self._page, quote=True)}" '
            'style="width: 100%; height: 560px; box-sizing: border-box; '
            'border: 1px solid var(--jp-border-color1, #cccccc); border-radius: 4px;">'
            "</iframe>\n"
            f'<div id="{element}-still">{still}</div>\n'
            "<script>\n(function () {\n"
            f'  var frame = document.getElementById("{element}");\n'
            f'  var still = document.getElementById("{element}-still");\n'
            '  if (still) { still.style.display = "none"; }  // the player runs here\n'
            "  // The height of the notebook's visible area (its scroller), for the player to fit.\n"
            "  function tellView() {\n"
            '    var scroller = frame.closest(".jp-WindowedPanel-outer, .jp-Notebook");\n'
            "    var height = scroller ? scroller.clientHeight : window.innerHeight;\n"
            f'    frame.contentWindow.postMessage({{ backpropLabView: "{element}", height: height }}, "*");\n'
            "  }\n"
            '  // The notebook\'s theme, light or dark, for a player made with theme="auto".\n'
            "  function tellTheme() {\n"
            "    if (!frame.isConnected || !frame.contentWindow) { return; }  // output removed\n"
            '    var said = document.body.getAttribute("data-jp-theme-light");\n'
            '    var dark = said !== null ? said === "false"\n'
            '      : window.matchMedia("(prefers-color-scheme: dark)").matches;\n'
            f'    frame.contentWindow.postMessage({{ backpropLabTheme: "{element}", dark: dark }}, "*");\n'
            "  }\n"
            '  frame.addEventListener("load", tellTheme);\n'
            "  new MutationObserver(tellTheme).observe(document.body,\n"
            '    { attributes: true, attributeFilter: ["data-jp-theme-light"] });\n'
            "  // Space over the Stepper (the pointer on it, or its cell the active one) before it\n"
            "  // has the focus: a step, not a page of notebook scrolled away.\n"
            "  var hovered = false;\n"
            '  frame.addEventListener("mouseenter", function () { hovered = true; });\n'
            '  frame.addEventListener("mouseleave", function () { hovered = false; });\n'
            '  document.addEventListener("keydown", function (event) {\n'
            '    if (event.key !== " " || !frame.isConnected || event.ctrlKey || event.altKey ||\n'
            "        event.metaKey || event.shiftKey) { return; }\n"
            "    var target = event.target;\n"
            "    if (target && (target.isContentEditable ||\n"
            "        /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName))) { return; }\n"
            '    var cell = frame.closest(".jp-Cell");\n'
            '    var active = cell && cell.classList.contains("jp-mod-active");\n'
            "    var box = frame.getBoundingClientRect();\n"
            "    var seen = box.bottom > 0 && box.top < window.innerHeight;\n"
            "    if (!seen || (!hovered && !active)) { return; }\n"
            "    event.preventDefault();\n"
            "    event.stopPropagation();\n"
            "    frame.focus();\n"
            f'    frame.contentWindow.postMessage({{ backpropLabStep: "{element}" }}, "*");\n'
            "  }, true);\n"
            '  frame.addEventListener("load", tellView);\n'
            '  window.addEventListener("resize", tellView);\n'
            '  window.addEventListener("message", function (event) {\n'
            "    var message = event.data;\n"
            f'    if (frame && message && message.backpropLab === "{element}") {{\n'
            '      frame.style.height = message.height + 4 + "px";  // + the border\n'
            "    }\n"
            "    // A key the player does not take: the notebook gets the focus back, and the key.\n"
            f'    if (frame && message && message.backpropLabKey === "{element}") {{\n'
            '      var notebook = frame.closest(".jp-Notebook") || document.body;\n'
            "      frame.blur();\n"
            "      notebook.focus();  // the notebook puts it on its active cell\n"
            '      if (message.key !== "Escape") {\n'
            "        var focused = document.activeElement;\n"
            "        var target = focused && notebook.contains(focused) ? focused : notebook;\n"
            '        var key = new KeyboardEvent("keydown", { key: message.key,\n'
            "          code: message.code, ctrlKey: message.ctrlKey, shiftKey: message.shiftKey,\n"
            "          altKey: message.altKey, metaKey: message.metaKey, bubbles: true,\n"
            "          cancelable: true });\n"
            "        // Jupyter's shortcuts read the legacy keyCode, which a made event lacks.\n"
            "        var code = Number(message.keyCode) || 0;\n"
            '        Object.defineProperty(key, "keyCode", { get: function () { return code; } });\n'
            '        Object.defineProperty(key, "which", { get: function () { return code; } });\n'
            "        target.dispatchEvent(key);\n"
            "      }\n"
            "    }\n  });\n  tellView();\n  tellTheme();\n}());\n</script>"
        )

    def _still_html(self) -> str:
        """The first and the last frame as pictures with their captions, and the line on stepping."""
        data = page_data(self._page)
        frames = data["frames"]
        pairs = ColourPairs.from_colours(data.get("dark_colours", {}))
        figures = []
        for frame in (frames[0], frames[-1]):
            caption = _caption_html(frame["caption"])
            picture = themed_svg(frame["svg"], pairs)  # dark with the notebook (auto)
            figures.append(
                '<figure style="flex: 1 1 24em; margin: 0">'
                f"{svg_image(picture, 'width: 100%; height: auto')}"
                f"<figcaption>{caption}</figcaption></figure>"
            )
        line = _(
            "Stepping through the frames needs a trusted notebook (File → Trust Notebook, "
            "or run the cell) or the player from export_html. The first and the last frame:"
        )
        return (
            f"<p><b>{html.escape(line)}</b></p>"
            f'<div style="display: flex; flex-wrap: wrap; gap: 1em">{"".join(figures)}</div>'
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, str]:
        """The HTML above, and a line of plain text for terminals."""
        with language(self.lang):
            plain = ngettext(
                "<Stepper: {count} frame; shown as HTML in a notebook>",
                "<Stepper: {count} frames; shown as HTML in a notebook>",
                len(self.frames),
            ).format(count=len(self.frames))
        return {"text/html": self._repr_html_(), "text/plain": plain}


def _caption_html(lines: list[str]) -> str:
    """A frame's caption lines as HTML: text lines, and its table (the Done frame's gradients,
    `caption_parts`) as a `<table>`, each block's name over its columns."""
    pieces = []
    for part in caption_parts("\n".join(lines)):
        if isinstance(part, str):
            pieces.append(html.escape(part) + "<br>")
            continue
        header = "".join(
            f'<th colspan="{span}" style="text-align: left; padding-right: 1em">{html.escape(name)}</th>'
            for name, span in header_spans(part[0])
        )
        body = "".join(
            "<tr>"
            + "".join(f'<td style="text-align: right">{html.escape(cell)}</td>' for cell in row)
            + "</tr>"
            for row in part[1:]
        )
        pieces.append(f'<table style="white-space: nowrap"><tr>{header}</tr>{body}</table>')
    return "".join(pieces)

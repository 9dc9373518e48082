"""One layout for every frame: same viewBox and node positions in every SVG; PNG at a dpi; backward arrows."""

from __future__ import annotations

import re
import struct

import pytest
from seed_graphs import seed_xyz

from autograd import Value, sum_values
from autograd.lecture.layout import BACKWARD_EDGE, FORWARD_EDGE, frame_pictures

NODE = re.compile(
    r'<g id="node\d+" class="node">\s*<title>(\w+)</title>\s*<(polygon|ellipse|text)\b([^>]*)>'
)


def geometry(svg: str) -> tuple[str, list[tuple[str, str]]]:
    """The viewBox and, for every node, the outline that dot drew first (its position and size)."""
    view_box = re.search(r'viewBox="([^"]*)"', svg)
    assert view_box is not None
    outlines = []
    for name, _, attributes in NODE.findall(svg):
        shape = re.search(
            r'(points="[^"]*"|cx="[^"]*" cy="[^"]*" rx="[^"]*" ry="[^"]*")', attributes
        )
        text_at = re.search(r'x="[^"]*" y="[^"]*"', attributes)
        outlines.append((name, (shape or text_at).group(0) if (shape or text_at) else attributes))
    return view_box.group(1), outlines


def graphs() -> list[Value]:
    *_, seed = seed_xyz()
    w0, x0, w1, x1, w2 = (
        Value(v, label=n)
        for v, n in [(2.0, "w0"), (-1.0, "x0"), (-3.0, "w1"), (-2.0, "x1"), (-3.0, "w2")]
    )
    neuron = (w0 * x0 + w1 * x1 + w2).sigmoid()
    a = Value(-3.0, label="a")
    shared = sum_values([a * a, a**2, (a + a).tanh(), 1.0]) / 7.0  # a used five times, a constant
    return [seed, neuron, shared]


@pytest.mark.slow  # renders every frame
@pytest.mark.parametrize("index", range(3), ids=["seed", "neuron", "shared"])
def test_every_frame_has_the_same_geometry(index: int, renderer: str) -> None:
    root = graphs()[index]
    for quiz in (None, "grad", "data"):
        pictures = frame_pictures(root, quiz=quiz)
        shapes = {str(geometry(pictures.svg(i))) for i in range(len(pictures))}
        asked = {
            str(geometry(pictures.svg(i, answered=False)))
            for i, frame in enumerate(pictures.frames)
            if frame.questions
        }
        assert len(shapes | asked) == 1
        _view_box, outlines = geometry(pictures.svg(0))
        assert len(outlines) == len(pictures.layout.nodes)


def test_backward_edges_have_their_own_colour_and_point_back(renderer: str) -> None:
    *_, f = seed_xyz()
    pictures = frame_pictures(f)
    forward = pictures.svg(2)  # f = q · z computed: its edges walked forward
    assert forward.count(f'stroke="{FORWARD_EDGE}"') >= 3 and BACKWARD_EDGE not in forward
    backward = pictures.svg(4)  # the step at f: three edges walked back
    edges = re.findall(
        r'<g id="edge\d+" class="edge">\s*<title>([^<]*)</title>(.*?)</g>', backward, re.S
    )
    walked = [(title, body) for title, body in edges if BACKWARD_EDGE in body]
    assert sorted(title.replace("&#45;&gt;", "->") for title, _ in walked) == [
        "op4->v4",
        "v2->op4",
        "v3->op4",
    ]
    for _, body in walked:  # the arrowhead sits at the start of the curve: it points back
        start = re.search(r'd="M([\d.-]+),([\d.-]+)', body)
        end = re.search(r'([\d.-]+),([\d.-]+)"/>', body)
        head = re.search(r'<polygon[^>]*points="([\d.-]+),([\d.-]+)', body)
        assert start and end and head
        sx, sy, ex, ey, hx, hy = (
            float(v) for v in (*start.groups(), *end.groups(), *head.groups())
        )
        assert abs(hx - sx) + abs(hy - sy) < abs(hx - ex) + abs(hy - ey)


def test_png_and_pdf_of_a_frame(renderer: str) -> None:
    *_, f = seed_xyz()
    pictures = frame_pictures(f)
    small, large = pictures.png(3, dpi=72), pictures.png(3, dpi=144)
    assert small[:8] == large[:8] == b"\x89PNG\r\n\x1a\n"
    (width_small, height_small), (width_large, height_large) = (
        struct.unpack(">II", png[16:24]) for png in (small, large)
    )
    assert abs(width_large - 2 * width_small) <= 2 and abs(height_large - 2 * height_small) <= 2
    assert abs(width_small - (pictures.layout.width + 8)) <= 2  # 72 dpi: a pixel per point
    assert pictures.pdf(3).startswith(b"%PDF")


def test_building_and_drawing_frames_changes_no_grad(renderer: str) -> None:
    x, y, z, q, f = seed_xyz()
    f.backward()
    pictures = frame_pictures(f, quiz="grad")
    pictures.svg(len(pictures) - 1)
    assert (x.grad, y.grad, z.grad, q.grad, f.grad) == (-4.0, -4.0, 3.0, -4.0, 1.0)


def test_clusters_of_an_nn_model_stay_put_too(renderer: str) -> None:
    import nn

    model = nn.MLP(2, [2, 1], seed=0)
    loss = model([1.0, -2.0])
    assert isinstance(loss, Value)
    pictures = frame_pictures(loss, draw_options={"cluster": "neuron"})
    cluster_outline = r'class="cluster">\s*<title>[^<]*</title>\s*<\w+ [^>]*?(?:points|d)="([^"]*)"'
    outlines = [
        re.findall(cluster_outline, pictures.svg(i))
        for i in (0, len(pictures) // 2, len(pictures) - 1)
    ]
    assert len(outlines[0]) == 3  # three neurons, each in its box
    assert outlines[1] == outlines[0] and outlines[2] == outlines[0]
    assert len({str(geometry(pictures.svg(i))) for i in (0, len(pictures) - 1)}) == 1

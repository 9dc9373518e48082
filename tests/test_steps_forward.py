"""forward_steps and stepping_frames: the forward replay and the frames the stepper and player show."""

from __future__ import annotations

from seed_graphs import seed_xyz

from autograd import Value, draw
from autograd.lecture.frames import lecture_frames
from autograd.lecture.steps import formula_text, forward_steps
from nn import MLP


def test_forward_steps_replay_the_seed_xyz() -> None:
    x, y, z, q, f = seed_xyz()
    steps = list(forward_steps(f))
    assert [(s.node, s.op, s.inputs, s.input_values, s.result) for s in steps] == [
        (q, "+", (x, y), (-2.0, 5.0), 3.0),
        (f, "*", (q, z), (3.0, -4.0), -12.0),
    ]
    assert [s.caption for s in steps] == ["q = x + y = −2 + 5 = 3", "f = q · z = 3 · (−4) = −12"]
    assert (x.grad, f.grad) == (0.0, 0.0)  # replaying the forward pass changes nothing


def test_forward_captions_of_functions_and_powers() -> None:
    x = Value(-2.0, label="x")
    a = x**2
    a.label = "a"
    b = a.tanh()
    b.label = "b"
    c = -b
    c.label = "c"
    d = c.max(x)
    d.label = "d"
    assert [s.caption for s in forward_steps(d)] == [
        "a = x² = (−2)² = 4",
        "b = tanh(a) = tanh(4) = 0.9993",
        "c = −b = −0.9993 = −0.9993",
        "d = max(c, x) = max(−0.9993, −2) = −0.9993",
    ]


def test_formula_title_in_unicode_math() -> None:
    *_, f = seed_xyz()
    assert formula_text(f) == "f = (x + y) · z"
    w0, x0, w1, x1, w2 = (
        Value(v, label=n) for v, n in [(2, "w0"), (-1, "x0"), (-3, "w1"), (-2, "x1"), (-3, "w2")]
    )
    g = (w0 * x0 + w1 * x1 + w2).sigmoid()
    g.label = "f"
    assert formula_text(g) == "f = σ(w0 · x0 + w1 · x1 + w2)"
    x = Value(3.0, label="x")
    h = -((x - (x * 2 - 1)) ** 2) / (1 - x)
    assert formula_text(h) == "n7 = −(x − (x · 2 − 1))² / (1 − x)"
    chain = x
    for _ in range(100):
        chain = chain * x
    assert formula_text(chain) is None  # too long for a title
    assert (
        formula_text(g, style="latex")
        == r"f = \sigma(w_{0} \cdot x_{0} + w_{1} \cdot x_{1} + w_{2})"
    )


def test_a_networks_formula_title_stops_at_its_neurons() -> None:
    """Written out, the 2-2-2-1 network's loss is 400 characters: the title stops at the neuron."""
    model = MLP(2, [2, 2, 1], "sigmoid", output_activation="sigmoid", seed=1)
    out = model([5.0, 2.0])
    assert isinstance(out, Value)
    loss = 0.5 * (1 - out) ** 2
    assert formula_text(loss) == "loss = 0.5 · (1 − a₁⁽³⁾)²"
    assert formula_text(loss, style="latex") == r"\text{loss} = 0.5 \cdot (1 - a_{1}^{(3)})^{2}"
    assert formula_text(loss, longest=10) is None


def test_lecture_frames_forward_start_backward_end() -> None:
    x, y, z, q, f = seed_xyz()
    frames = lecture_frames(f)
    assert [frame.phase for frame in frames] == ["forward"] * 3 + ["backward"] * 3 + ["end"]
    assert frames[0].caption == "Forward pass: the inputs are given: x = −2, y = 5, z = −4"
    assert frames[1].highlight is q and frames[1].current_edges == ((q, 0), (q, 1), (q, -1))
    assert frames[2].caption == "f = q · z = 3 · (−4) = −12"
    assert all(dict(frame.shown_grads) == {} for frame in frames[:3])
    start, at_f, at_q, end = frames[3:]
    assert start.caption.splitlines()[0] == "start: ∂f/∂f = 1"
    assert start.highlight is f and dict(start.shown_grads) == {f: 1.0}
    assert at_f.highlight is f
    assert dict(at_f.shown_grads) == {f: 1.0, q: -4.0, z: 3.0}
    assert at_f.walked_edges == ((f, -1), (f, 0), (f, 1))
    assert at_q.highlight is q
    assert dict(at_q.shown_grads) == {f: 1.0, q: -4.0, z: 3.0, x: -4.0, y: -4.0}
    assert at_q.walked_edges == ((f, -1), (f, 0), (f, 1), (q, -1), (q, 0), (q, 1))
    assert at_q.current_edges == ((q, -1), (q, 0), (q, 1))
    assert at_q.caption.splitlines()[1:3] == [
        "∂q/∂x = 1, ∂q/∂y = 1  (+ passes the gradient on to both inputs)",
        "∂f/∂x = ∂f/∂q · 1 = −4 · 1 = −4",
    ]
    leaves = end.caption.replace("\N{NO-BREAK SPACE}", " ").replace("\N{WORD JOINER}", "")
    leaves = leaves.splitlines()[1:]
    assert leaves == ["∂f/∂x = −4,   ∂f/∂y = −4,   ∂f/∂z = 3"]  # one line, never broken inside one
    assert (x.grad, y.grad, z.grad, f.grad) == (0.0, 0.0, 0.0, 0.0)  # a view: nothing changed


def test_quiz_frames_ask_before_they_tell() -> None:
    x, y, z, q, f = seed_xyz()
    frames = lecture_frames(f, quiz="grad")
    asked = [frame for frame in frames if frame.questions]
    assert [[(a.prompt, a.answer, a.shown) for a in frame.questions] for frame in asked] == [
        [("∂f/∂q =", -4.0, "−4"), ("∂f/∂z =", 3.0, "3")],
        [("∂f/∂x =", -4.0, "−4"), ("∂f/∂y =", -4.0, "−4")],
    ]
    first = asked[0]
    assert first.question_caption == "f = q · z, upstream ∂f/∂f = 1"
    grads, data = first.hidden_until_answered()
    assert dict(grads) == {f: 1.0} and data == frozenset({x, y, z, q, f})
    data_frames = [frame for frame in lecture_frames(f, quiz="data") if frame.questions]
    assert [frame.questions[0].prompt for frame in data_frames] == ["q =", "f ="]
    assert data_frames[1].question_caption == "f = q · z"
    assert data_frames[1].hidden_until_answered()[1] == frozenset({x, y, z, q})


def test_forward_frames_show_only_the_values_computed_so_far() -> None:
    x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
    q = x + y
    q.label = "q"
    f = q * z
    f.label = "f"
    frames = lecture_frames(f)
    forward = [frame for frame in frames if frame.phase == "forward"]
    assert [frame.shown_data for frame in forward] == [
        frozenset({x, y, z}),
        frozenset({x, y, z, q}),
        frozenset({x, y, z, q, f}),
    ]
    everything = frozenset({x, y, z, q, f})
    assert all(frame.shown_data == everything for frame in frames if frame.phase != "forward")


def test_draw_leaves_values_not_yet_computed_blank() -> None:
    x, y = Value(-2.0, label="x"), Value(5.0, label="y")
    q = x * y
    q.label = "q"
    only_inputs = draw(q, shown_data={x, y}).source
    assert "data −2" in only_inputs and "data 5" in only_inputs
    assert "data −10" not in only_inputs
    assert "data −10" in draw(q).source

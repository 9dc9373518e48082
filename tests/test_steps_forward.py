"""forward_steps and stepping_frames: the forward replay and the frames the stepper and player show."""

from __future__ import annotations

from seed_graphs import seed_xyz

from autograd import Value, draw
from autograd.lecture.steps import forward_steps, stepping_frames


def test_forward_steps_replay_the_seed_xyz() -> None:
    x, y, z, q, f = seed_xyz()
    steps = list(forward_steps(f))
    assert [(s.node, s.op, s.inputs, s.input_values, s.result) for s in steps] == [
        (q, "+", (x, y), (-2.0, 5.0), 3.0),
        (f, "*", (q, z), (3.0, -4.0), -12.0),
    ]
    assert [s.caption for s in steps] == ["q = x + y = -2 + 5 = 3", "f = q · z = 3 · (-4) = -12"]
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
        "a = x ** 2 = (-2) ** 2 = 4",
        "b = tanh(a) = tanh(4) = 0.9993",
        "c = -b = -0.9993 = -0.9993",
        "d = max(c, x) = max(-0.9993, -2) = -0.9993",
    ]


def test_stepper_frames_forward_state_then_one_per_backward_step() -> None:
    x, y, z, q, f = seed_xyz()
    frames = stepping_frames(f)
    assert len(frames) == 3
    first, at_f, at_q = frames
    assert first.phase == "forward" and first.highlight is None and dict(first.shown_grads) == {}
    assert first.caption == "Forward pass done: f = -12. Backward starts with ∂f/∂f = 1."
    assert at_f.highlight is f
    assert dict(at_f.shown_grads) == {f: 1.0, q: -4.0, z: 3.0}
    assert at_f.highlighted_edges == ((f, 0), (f, 1))
    assert at_q.highlight is q
    assert dict(at_q.shown_grads) == {f: 1.0, q: -4.0, z: 3.0, x: -4.0, y: -4.0}
    assert at_q.highlighted_edges == ((f, 0), (f, 1), (q, 0), (q, 1))
    assert at_q.caption.splitlines()[1] == "∂f/∂x = ∂f/∂q · ∂q/∂x = -4 · 1 = -4"
    assert (x.grad, y.grad, z.grad) == (-4.0, -4.0, 3.0)  # building the frames ran backward


def test_player_frames_include_the_forward_steps() -> None:
    *_, q, f = seed_xyz()
    frames = stepping_frames(f, forward_steps_too=True)
    assert [frame.phase for frame in frames] == ["forward"] * 3 + ["backward"] * 2
    assert frames[0].caption == "Forward pass: the inputs are given: x = -2, y = 5, z = -4"
    assert frames[1].highlight is q and frames[1].highlighted_edges == ((q, 0), (q, 1))
    assert frames[2].caption == "f = q · z = 3 · (-4) = -12"
    assert all(dict(frame.shown_grads) == {} for frame in frames[:3])


def test_forward_frames_show_only_the_values_computed_so_far() -> None:
    x, y, z = Value(-2.0, label="x"), Value(5.0, label="y"), Value(-4.0, label="z")
    q = x + y
    q.label = "q"
    f = q * z
    f.label = "f"
    frames = stepping_frames(f, forward_steps_too=True)
    forward = [frame for frame in frames if frame.phase == "forward"]
    assert [frame.shown_data for frame in forward] == [
        frozenset({x, y, z}),
        frozenset({x, y, z, q}),
        frozenset({x, y, z, q, f}),
    ]
    assert all(frame.shown_data is None for frame in frames if frame.phase == "backward")


def test_draw_leaves_values_not_yet_computed_blank() -> None:
    x, y = Value(-2.0, label="x"), Value(5.0, label="y")
    q = x * y
    q.label = "q"
    only_inputs = draw(q, shown_data={x, y}).source
    assert "data -2" in only_inputs and "data 5" in only_inputs
    assert "data -10" not in only_inputs
    assert "data -10" in draw(q).source

"""The course's "Try it yourself" exercises: for each id, the task, a hint and how it is checked.

Ids are "<notebook>.<name>" ("01.paths" is in notebook 01). Numbers are computed here when they are
checked, mostly by the engine from the exercise's own graph, so no answer is written down; the
answers that cannot be computed (a count, a word) are stored as SHA-256 digests
(`exercises.answer_digest`). Worked solutions: `notebooks/solutions/solutions.py`. The seed
problems behind them are named in each task ("book ch. 1 Ex 3" is the problem book, seed 004).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from autograd.gradients import grad
from autograd.i18n import N_
from autograd.lecture.exercise_spec import Exercise
from autograd.value import Value, sum_values

__all__ = ["COURSE_EXERCISES"]

COURSE_EXERCISES: list[Exercise] = []


def _sigmoid(t: float) -> float:
    return 1.0 / (1.0 + math.exp(-t))


def _parameters(inputs: int, widths: Sequence[int], *, biases: bool = True) -> int:
    """The number of parameters of MLP(inputs, widths): (n_in + 1)·n_out per layer."""
    sizes = [inputs, *widths]
    return sum((n_in + biases) * n_out for n_in, n_out in itertools.pairwise(sizes))


# ---- 01: graphs and the chain rule ---------------------------------------------------------


def _paths() -> tuple[float, float]:
    x, y = Value(2.0), Value(-1.0)
    f = x**2 + x * y + (x + y) ** 2
    gx, gy = grad(f, [x, y])
    return gx, gy


def _paths_missing_one() -> tuple[float, float]:  # forgot the path through (x + y)²
    return 2 * 2.0 + -1.0, 2.0


def _neuron() -> tuple[float, float]:
    w0, x0, w1, x1, w2 = (Value(v) for v in (1.0, 2.0, -1.0, 1.0, -0.5))
    f = (w0 * x0 + w1 * x1 + w2).sigmoid()
    gw0, gx0 = grad(f, [w0, x0])
    return gw0, gx0


COURSE_EXERCISES.extend(
    [
        Exercise(
            "01.paths",
            N_("f(x, y) = x² + xy + (x + y)² at x = 2, y = −1: give (∂f/∂x, ∂f/∂y)."),
            N_("Sum over the paths: x reaches f through x², through xy and through (x + y)²."),
            "numbers",
            expected=_paths,
            mistakes=(
                (
                    _paths_missing_one,
                    N_("you left out the path through (x + y)²: add 2(x + y)."),
                ),
            ),
        ),
        Exercise(
            "01.neuron",
            N_(
                "The sigmoid neuron at w0 = 1, x0 = 2, w1 = −1, x1 = 1, w2 = −0.5: give "
                "(∂f/∂w0, ∂f/∂x0) to two decimals."
            ),
            N_(
                "First the sum: w0·x0 + w1·x1 + w2. Then σ′ = σ(1 − σ) at that sum; "
                "a product node sends upstream × the other input."
            ),
            "numbers",
            expected=_neuron,
            mistakes=(
                (
                    lambda: (2.0, 1.0),
                    N_("you skipped the sigmoid: multiply by σ′ = σ(1 − σ)."),
                ),
            ),
        ),
    ]
)

# ---- 02: numerical versus analytic gradients -------------------------------------------------


def cube(x: float) -> float:
    """x³, a probe for `central_difference`."""
    return x * x * x


def _exact_derivative(f: object, x: float) -> float:
    """The true derivative of each probe function."""
    if f is math.sin:
        return math.cos(x)
    if f is math.exp:
        return math.exp(x)
    return 3 * x * x  # cube


COURSE_EXERCISES.extend(
    [
        Exercise(
            "02.central",
            N_(
                "Write central_difference(f, x): the central difference of f at x with a step of 1e-5."
            ),
            N_("(f(x + h) − f(x − h)) / (2h): the error falls like h²."),
            "function",
            reference=_exact_derivative,
            probes=((math.sin, 1.0), (math.exp, 0.5), (cube, 2.0)),
            tolerance=1e-8,
        ),
        Exercise(
            "02.cost",
            N_(
                "How many forward passes does a central-difference gradient of MLP(3, [4, 4, 1]) "
                "need (all parameters)?"
            ),
            N_("Count the parameters: (inputs + 1) × neurons per layer; then two passes for each."),
            "exact",
            digests=("4aba1f39218d565b584328ed412be16d589f4391f9c7498bd533a6413942d00d",),
        ),
    ]
)

# ---- 03: from regression to a neuron ---------------------------------------------------------


def _formula(xs: Sequence[float]) -> float:
    x1, x2 = xs
    return max(0.0, 4 * max(0.0, 3 * x1 + 4 * x2 + 1) + 2 * max(0.0, 3 * x1 + 2 * x2 + 7) + 6)


COURSE_EXERCISES.extend(
    [
        Exercise(
            "03.formula_to_network",
            N_(
                "Book ch. 1 Ex 3: set the weights of MLP(2, [2, 1]) (ReLU everywhere) so that it "
                "computes y = max(0, 4·max(0, 3x₁ + 4x₂ + 1) + 2·max(0, 3x₁ + 2x₂ + 7) + 6)."
            ),
            N_(
                "Each inner max is a hidden neuron (weights, then bias); the outer max is the output "
                "neuron, whose weights are the 4 and the 2."
            ),
            "function",
            reference=_formula,
            probes=(([0.0, 0.0],), ([1.0, -2.0],), ([-3.0, 1.0],), ([-1.0, -1.5],), ([2.5, 0.5],)),
            tolerance=1e-9,
        ),
        Exercise(
            "03.minimal_triangle",
            N_(
                "Book ch. 1 Ex 8a: the fewest neurons (step activations) that classify the inside "
                "of a triangle as 1 and the outside as 0?"
            ),
            N_(
                "One neuron draws one line. How many lines bound a triangle, and who says 'all of them'?"
            ),
            "exact",
            digests=("ebb283282959e1a40acdea9fb74bfb2cc9ca2681925502f0bfbfc165deb29f24",),
        ),
        Exercise(
            "03.parameters",
            N_("How many parameters has MLP(10, [64, 32, 3])?"),
            N_("A layer with nᵢₙ inputs and nₒᵤₜ neurons has (nᵢₙ + 1)·nₒᵤₜ."),
            "exact",
            digests=("378f2a3ea1bac2112fd29d3526983789a8212fa772c4d7971f6d3c6583efd14a",),
        ),
        Exercise(
            "03.redundant",
            N_(
                "Book ch. 1 Ex 7: in MLP(3, [5, 4, 1], activation='tanh') one first-layer neuron has "
                "all its incoming weights and its bias 0, and two second-layer neurons are twins. "
                "How many parameters has the smallest network computing the same function?"
            ),
            N_(
                "The idle neuron's output is tanh(0) = 0: drop it. The twins become one neuron whose "
                "outgoing weight is the sum of theirs. Then count (inputs + 1) × neurons per layer."
            ),
            "number",
            expected=lambda: _parameters(3, [4, 3, 1]),
            tolerance=0.5,
            mistakes=(
                (
                    lambda: _parameters(3, [5, 4, 1]),
                    N_(
                        "that is the network as it is: the idle neuron can go, and one of the twins."
                    ),
                ),
                (
                    lambda: _parameters(3, [4, 4, 1]),
                    N_("the idle neuron is gone; now merge the twins too."),
                ),
                (
                    lambda: _parameters(3, [5, 3, 1]),
                    N_("the twins are merged; now drop the idle neuron too."),
                ),
            ),
        ),
        Exercise(
            "03.strips",
            N_(
                "Book ch. 1 Ex 8b, one step further: five parallel lines x₁ = 1, ..., 5 cut the "
                "plane into six strips with alternating classes. The fewest step neurons?"
            ),
            N_(
                "A neuron per line in the first layer; can one output neuron with weights of "
                "alternating sign tell the six cases apart?"
            ),
            "exact",
            digests=("27bf83c37a615393fc68d01950224e6381b1f93127a92e1974abb566b1ad2ebb",),
        ),
    ]
)

# ---- 04: logistic regression and logloss -----------------------------------------------------


def _one_step() -> float:
    w = Value(0.5)
    z = w * 2.0
    loss = -(1 - z.sigmoid()).log()  # y = 0: −ln(1 − p)
    (g,) = grad(loss, [w])
    return 0.5 - 0.1 * g


def _sigmoid_prime(t: float) -> float:
    x = Value(t)
    (g,) = grad(x.sigmoid(), [x])
    return g


COURSE_EXERCISES.extend(
    [
        Exercise(
            "04.one_step",
            N_(
                "One gradient step of logistic regression at x = 2, y = 0 from w₀ = 0.5 with "
                "γ = 0.1: give w₁ to three decimals."
            ),
            N_("∂L/∂w = (p − y)·x with p = σ(w·x); then w₁ = w₀ − γ·∂L/∂w."),
            "number",
            expected=_one_step,
            tolerance=0.0005,
            mistakes=(
                (
                    lambda: 0.5 + 0.1 * _sigmoid(1.0) * 2,
                    N_("a step goes *against* the gradient."),
                ),
            ),
        ),
        Exercise(
            "04.sigmoid_prime",
            N_("Write sigmoid_prime(t) = σ′(t) using σ only (no exp of your own, no engine)."),
            N_("σ′ = σ(1 − σ): compute s = sigmoid(t) once and reuse it."),
            "function",
            reference=_sigmoid_prime,
            probes=((-3.0,), (0.0,), (0.5,), (4.0,)),
            tolerance=1e-12,
        ),
        Exercise(
            "04.separable",
            N_(
                "Book ch. 2 Ex 2: a whale at x = 1 (y = 1), ants at x = 2 and 3 (y = 0). Does "
                "Masha's logloss reach its minimum at finite coefficients? Answer True or False."
            ),
            N_("Can one threshold put the whale on one side and both ants on the other?"),
            "exact",
            digests=(
                "f0475f246df73ad7d9cb2ebe94fdb9fe019f34831ba989ee3eaae1cba9f38c94",
                "f0475f246df73ad7d9cb2ebe94fdb9fe019f34831ba989ee3eaae1cba9f38c94",
                "04526a2108c803317e5961319ad6ab2e70d308585f6540077263c0962cbc32c7",
            ),
        ),
    ]
)

# ---- 05: softmax and cross-entropy -----------------------------------------------------------


def _softmax(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    return [e / sum(exps) for e in exps]


def _ce_gradient() -> tuple[float, ...]:
    logits = [Value(v) for v in (2.0, 0.0, -1.0)]
    exps = [s.exp() for s in logits]
    total = exps[0] + exps[1] + exps[2]
    cross_entropy = total.log() - logits[1]  # −ln softmax₂ = ln Σ e^s − s₂
    return tuple(grad(cross_entropy, logits))


def _kl() -> float:
    p, q = (0.5, 0.25, 0.25), (0.7, 0.2, 0.1)
    return sum(a * math.log(a / b) for a, b in zip(p, q, strict=True))


COURSE_EXERCISES.extend(
    [
        Exercise(
            "05.ce_gradient",
            N_(
                "Logits (2, 0, −1), the right class is the second (an ant): give ∂R/∂s for the "
                "three logits, to two decimals."
            ),
            N_("Softmax minus one-hot: subtract 1 at the right class only."),
            "numbers",
            expected=_ce_gradient,
            mistakes=(
                (
                    lambda: tuple(_softmax([2.0, 0.0, -1.0])),
                    N_("that is softmax alone: subtract the one-hot vector."),
                ),
            ),
        ),
        Exercise(
            "05.two_class",
            N_(
                "Book ch. 2 Ex 3c: two classes, two logits. Write z(s1, s2) such that "
                "σ(z) is softmax's probability of the first class."
            ),
            N_("Divide numerator and denominator of exp(s₁)/(exp(s₁) + exp(s₂)) by exp(s₁)."),
            "function",
            reference=lambda s1, s2: s1 - s2,
            probes=((1.0, 0.0), (0.5, 2.0), (-3.0, -1.0)),
            tolerance=1e-12,
        ),
        Exercise(
            "05.kl",
            N_(
                "The truth p = (0.5, 0.25, 0.25), the model q = (0.7, 0.2, 0.1). Cross-entropy "
                "H(p, q) = H(p) + KL(p‖q): give KL(p‖q) to three decimals (natural log)."
            ),
            N_("KL(p‖q) = Σ p·ln(p/q) = H(p, q) − H(p)."),
            "number",
            expected=_kl,
            tolerance=0.0005,
        ),
        Exercise(
            "05.multilabel",
            N_(
                "Book ch. 2 Ex 4d: a news item can be sport, politics and economics at once. Which "
                "activation on each of the three outputs: softmax or sigmoid?"
            ),
            N_("Softmax makes the classes compete: their probabilities sum to 1."),
            "exact",
            digests=(
                "b24575c6b3d629d6d70c996d5370e33e88902282a3fcce81b34fa9d8645c86b8",
                "ead318e051002b4dd27c6341c02e1587be41a22f569aa762b118e4bc1be252fe",
                "0dd85d6be58d4baf03999346698a8d932dc26b6126a9569cfd0ba9fc3dfdd9c7",
                "3eace72fcd1b2e880274ff688621c3330b1ddd2493f97736a848545539c67030",
            ),
        ),
        Exercise(
            "05.poisson",
            N_(
                "Book ch. 2 Ex 4e: the number of visitors (a count, Poisson). Which output "
                "activation keeps the predicted mean λ positive: relu, exp or tanh?"
            ),
            N_(
                "Poisson regression models ln λ as linear; λ must be positive and smooth in the logit."
            ),
            "exact",
            digests=(
                "61e96a2a6b49766f4dbc50c5a1db86ae796101e2caa9e9ad95e8c329c9d2d99f",
                "abbd946dd9a708dd1e3cf3b5841a3e8c15a9d4eb22aeac879721e2e12c26bc51",
                "ea819d26d4d4d5fb019060af994e8c65714d7112c91671ed19a75963a2b36481",
                "e78d3236f36f7a3e240ab68184059a1e6c7e432672c3f6f0d126c169c5f3d87e",
            ),
        ),
    ]
)

# ---- 06: activations -------------------------------------------------------------------------


def _prelu_grad_alpha(t: float, alpha: float) -> float:
    a = Value(alpha)
    out = (a * t).max(Value(t))
    (g,) = grad(out, [a])
    return g


def _sigmoid_chain() -> float:
    x = Value(0.0)
    (g,) = grad(x.sigmoid().sigmoid().sigmoid(), [x])
    return g


COURSE_EXERCISES.extend(
    [
        Exercise(
            "06.prelu",
            N_(
                "PReLU learns its slope: f(t) = max(αt, t) with 0 < α < 1. Write "
                "prelu_grad_alpha(t, alpha) = ∂f/∂α (the seed's 'backprop by α')."
            ),
            N_(
                "Which branch of the max wins for t > 0, which for t < 0? Differentiate that one by α."
            ),
            "function",
            reference=_prelu_grad_alpha,
            probes=((2.0, 0.1), (-1.5, 0.1), (-4.0, 0.25), (0.3, 0.2)),
            tolerance=1e-12,
        ),
        Exercise(
            "06.sigmoid_chain",
            N_("d/dx σ(σ(σ(x))) at x = 0, to four decimals."),
            N_(
                "Three factors σ′(zₗ) = σ(zₗ)(1 − σ(zₗ)), each at its own layer's input: 0, σ(0), σ(σ(0))."
            ),
            "number",
            expected=_sigmoid_chain,
            tolerance=0.00005,
            mistakes=(
                (
                    lambda: 0.25**3,
                    N_("σ′ is 1/4 only at 0: the later layers see σ(0) = 0.5 and more."),
                ),
            ),
        ),
        Exercise(
            "06.architecture",
            N_(
                "Book ch. 5 Ex 10a: Misha predicts house prices with a sigmoid on the output. "
                "Which output activation should it be: sigmoid, relu, tanh or linear?"
            ),
            N_("A sigmoid's output lies in (0, 1). What range do prices have?"),
            "exact",
            digests=(
                "4c9c90ea091612f7337d492caec3d3b249450a046fd3f079185928a4d149481e",
                "aacba4071135e8b797ed6ab5c7e0dd0a5f683ba13e12c50ae699d8d7fb6a4e4d",
                "6303da7d7cd2d694eef1a1805db1c0f93f308376f3eac68d027cb087bf74d67a",
                "a64bd647001558b1ca5efdfc7205b097f5aa5b2ea81eb2e1d8a7fb7430660c04",
            ),
        ),
        Exercise(
            "06.digits_parameters",
            N_(
                "Book ch. 5 Ex 10b: the mended digit classifier for 28 × 28 images and 10 classes, "
                "MLP(784, [128, 10]). How many parameters has it?"
            ),
            N_("A layer with nᵢₙ inputs and nₒᵤₜ neurons has (nᵢₙ + 1)·nₒᵤₜ."),
            "number",
            expected=lambda: _parameters(784, [128, 10]),
            tolerance=0.5,
            mistakes=(
                (
                    lambda: _parameters(784, [128, 10], biases=False),
                    N_("that counts the weights only: every neuron has a bias too."),
                ),
            ),
        ),
        Exercise(
            "06.dense_layer",
            N_(
                "Book ch. 5 Ex 10c: images of 64 × 64 pixels and one dense layer of 500 neurons. "
                "How many parameters (weights and biases) has that layer?"
            ),
            N_("Every neuron has a weight per pixel and one bias."),
            "number",
            expected=lambda: _parameters(64 * 64, [500]),
            tolerance=0.5,
            mistakes=(
                (
                    lambda: _parameters(64 * 64, [500], biases=False),
                    N_("that counts the weights only: every neuron has a bias too."),
                ),
            ),
        ),
    ]
)

# ---- 07: training an MLP ---------------------------------------------------------------------

COURSE_EXERCISES.extend(
    [
        Exercise(
            "07.xor",
            N_(
                "Set the weights of MLP(2, [2, 1], activation='relu') by hand so that "
                "xor_class(x1, x2) = 1 if the network's output is positive else 0 is XOR on the "
                "four corners."
            ),
            N_(
                "Hidden neurons: relu(x1 + x2) and relu(x1 + x2 − 1); output: the first minus twice the second, minus 0.5."
            ),
            "function",
            reference=lambda x1, x2: float(int(x1) != int(x2)),
            probes=((0, 0), (0, 1), (1, 0), (1, 1)),
            tolerance=1e-12,
        ),
        Exercise(
            "07.paths_count",
            N_(
                "Book ch. 4 Ex 2 ('invent backprop'): in MLP(2, [4, 4, 4, 1]), along how many "
                "paths does a weight of the first layer reach the output?"
            ),
            N_(
                "Its neuron feeds every neuron of the next layer, each of those every neuron of the next..."
            ),
            "exact",
            digests=("9adc37eab4ad3e41cf556a9a541e061a59e3936579812ad16b947903a934b9dd",),
        ),
    ]
)

# ---- 08: gradient descent --------------------------------------------------------------------


def _gd() -> float:
    xs, ys, w = (1.0, 3.0), (2.0, 2.0), 0.0
    for _ in range(2):
        g = 2 / 2 * sum(x * (w * x - y) for x, y in zip(xs, ys, strict=True))
        w -= 0.05 * g
    return w


def _momentum_three() -> float:
    xs, ys, w, v = (1.0, 2.0), (2.0, 3.0), 0.0, 0.0
    for _ in range(3):
        v = 0.9 * v - 0.1 * sum(x * (w * x - y) for x, y in zip(xs, ys, strict=True))
        w += v
    return w


COURSE_EXERCISES.extend(
    [
        Exercise(
            "08.gd",
            N_(
                "Data x = (1, 3), y = (2, 2), the model ŷ = w·x, mean squared error, w₀ = 0, "
                "η = 0.05: give w after two steps of gradient descent."
            ),
            N_("L′(w) = (2/n)·Σ xᵢ(w·xᵢ − yᵢ); start with L′(0) = −8."),
            "number",
            expected=_gd,
            tolerance=0.0005,
            mistakes=(
                (
                    lambda: 0.4,
                    N_("that is after one step: take the second at w = 0.4."),
                ),
            ),
        ),
        Exercise(
            "08.momentum",
            N_(
                "The seed's data and textbook momentum (α = 0.9, η = 0.1): give w after a third step."
            ),
            N_("v₂ = 1.12, w₂ = 1.92 (above); L′(1.92) is positive now: the velocity shrinks."),
            "number",
            expected=_momentum_three,
            tolerance=0.0005,
        ),
        Exercise(
            "08.adam_first",
            N_(
                "Adam with η = 0.3 (any β₁, β₂, ε ≈ 0): how far does the first step move w, whatever the gradient?"
            ),
            N_("With bias correction m̂ = g and v̂ = g² at the first step."),
            "number",
            expected=lambda: 0.3,
            tolerance=1e-6,
        ),
    ]
)

# ---- 09: initialization and regularization ---------------------------------------------------

COURSE_EXERCISES.extend(
    [
        Exercise(
            "09.he",
            N_("He initialization for a ReLU neuron with 50 inputs: Var(w) = ?"),
            N_("He doubles 1/n to make up for the half of the signal ReLU cuts."),
            "number",
            expected=lambda: 2 / 50,
            tolerance=1e-6,
            mistakes=(
                (
                    lambda: 1 / 50,
                    N_("that is 1/n: ReLU halves E[x²], He doubles it back."),
                ),
            ),
        ),
        Exercise(
            "09.dropout_all",
            N_(
                "Dropout p = 0.5 after a layer of 10 neurons: the probability that all 10 are dropped?"
            ),
            N_("Each is dropped independently with probability p."),
            "number",
            expected=lambda: 0.5**10,
            tolerance=1e-7,
        ),
        Exercise(
            "09.ridge",
            N_("Masha's Pokémon y = 6, 6, 10 with the penalty λβ²: give β̂ at λ = 2."),
            N_("Set the derivative of Σ(yᵢ − β)² + λβ² to zero."),
            "number",
            expected=lambda: 22 / (3 + 2),
            tolerance=0.0005,
        ),
    ]
)

# ---- 10: matrix calculus ---------------------------------------------------------------------


def _jacobian_xxtx(x: Sequence[float]) -> list[list[float]]:
    leaves = [Value(v) for v in x]
    norm2 = leaves[0] * leaves[0]
    for leaf in leaves[1:]:
        norm2 = norm2 + leaf * leaf
    return [grad(leaf * norm2, leaves) for leaf in leaves]


def _grad_trace(a: Sequence[Sequence[float]], b: Sequence[Sequence[float]]) -> list[list[float]]:
    n = len(a)
    x = [[Value(0.0) for _ in range(n)] for _ in range(n)]
    total = Value(0.0)
    for i in range(n):  # tr(AXB) = Σ_i Σ_j Σ_k A_ij X_jk B_ki
        for j in range(n):
            for k in range(n):
                total = total + a[i][j] * x[j][k] * b[k][i]
    flat = [v for row in x for v in row]
    gradients = grad(total, flat)
    return [gradients[row * n : (row + 1) * n] for row in range(n)]


def _gauss_variance() -> float:
    data = (1.0, 2.0, 6.0)
    mean = sum(data) / 3
    return sum((v - mean) ** 2 for v in data) / 3


COURSE_EXERCISES.extend(
    [
        Exercise(
            "10.xxtx",
            N_(
                "Book ch. 8 Ex 1e: f(x) = x·xᵀx (a vector). Write jacobian(x), the matrix of "
                "∂fᵢ/∂xⱼ, for a list x of three numbers."
            ),
            N_("d(x·xᵀx) = dx·(xᵀx) + x·(2xᵀdx): a multiple of I plus an outer product."),
            "function",
            reference=_jacobian_xxtx,
            probes=(([1.0, 2.0, -1.0],), ([0.5, -0.3, 2.0],)),
            tolerance=1e-12,
        ),
        Exercise(
            "10.trace",
            N_("Write grad_trace(A, B): the gradient of tr(AXB) by the matrix X (2 × 2 lists)."),
            N_("d tr(AXB) = tr(BA dX); the gradient is the transpose of what multiplies dX."),
            "function",
            reference=_grad_trace,
            probes=(
                ([[1.0, 2.0], [3.0, 4.0]], [[0.5, -1.0], [2.0, 0.0]]),
                ([[0.0, 1.0], [-1.0, 2.0]], [[1.0, 1.0], [3.0, -2.0]]),
            ),
            tolerance=1e-12,
        ),
        Exercise(
            "10.gauss",
            N_("Book ch. 8: the maximum-likelihood σ̂² of a Gaussian for the data 1, 2, 6?"),
            N_("Set ∂/∂μ and ∂/∂σ² of the log-likelihood to zero: μ̂ is the mean; σ̂² divides by n."),
            "number",
            expected=_gauss_variance,
            tolerance=0.0005,
            mistakes=(
                (
                    lambda: 7.0,
                    N_("that divides by n − 1 (the unbiased estimate); the MLE divides by n."),
                ),
            ),
        ),
    ]
)

# ---- 11: from scalars to tensors -------------------------------------------------------------


def _relu_backward() -> tuple[float, ...]:
    xs = [Value(v) for v in (2.0, -1.0, 0.5, -3.0)]
    upstream = (1.0, 2.0, 3.0, 4.0)
    total = Value(0.0)
    for x, u in zip(xs, upstream, strict=True):
        total = total + x.relu() * u
    return tuple(grad(total, xs))


COURSE_EXERCISES.extend(
    [
        Exercise(
            "11.relu_backward",
            N_(
                "The lecture's vector ReLU: x = (2, −1, 0.5, −3) and the upstream gradient "
                "∂L/∂y = (1, 2, 3, 4). Give ∂L/∂x."
            ),
            N_("(∂L/∂x)ᵢ = (∂L/∂y)ᵢ where xᵢ > 0, else 0: no Jacobian needed."),
            "numbers",
            expected=_relu_backward,
            tolerance=1e-9,
        ),
        Exercise(
            "11.jacobian_gib",
            N_(
                "The Jacobian of a layer's output (N × M) by its input (N × D) for N = 32, "
                "D = M = 1024, in float32 (4 bytes): how many GiB (2³⁰ bytes)?"
            ),
            N_("It has (N·M)·(N·D) entries; the lecture's N = 64, D = M = 4096 gives 256 GiB."),
            "number",
            expected=lambda: 32 * 1024 * 32 * 1024 * 4 / 2**30,
            tolerance=0.01,
        ),
        Exercise(
            "11.shapes",
            N_(
                "x is N × D = 5 × 3, w is D × M = 3 × 2, y = xw. The shape of ∂L/∂w, as (rows, columns)?"
            ),
            N_("A gradient has the shape of what it differentiates by; ∂L/∂w = xᵀ(∂L/∂y)."),
            "exact",
            digests=("5c0ac1d07064975b4fa68de66f5d2d5c004e372bd41519647fe7d06e8b0bb4b1",),
        ),
    ]
)


# ---- 12: three views of one network ----------------------------------------------------------


def _delta_out() -> float:
    """δ⁽³⁾ = ∂L/∂z⁽³⁾ for ŷ = σ(z⁽³⁾) = 0.2731, y = 1, L = ½(y − ŷ)², by the engine."""
    z = Value(math.log(0.2731 / (1.0 - 0.2731)))
    loss = 0.5 * (1.0 - z.sigmoid()) ** 2
    return grad(loss, [z])[0]


def _grad_w_out() -> tuple[float, ...]:
    """∇W⁽³⁾ for δ⁽³⁾ = −0.1443 and a⁽²⁾ = (0.4786, 0.6256): the gradient of δ·(w₁a₁ + w₂a₂)."""
    weights = [Value(0.0), Value(0.0)]
    z = sum_values([w * a for w, a in zip(weights, (0.4786, 0.6256), strict=True)])
    return tuple(grad(z * -0.1443, weights))


COURSE_EXERCISES.extend(
    [
        Exercise(
            "12.delta_out",
            N_(
                "The 2-2-2-1 network: ŷ = σ(z⁽³⁾) = 0.2731, y = 1, L = ½(y − ŷ)². "
                "Give δ⁽³⁾ = ∂L/∂z⁽³⁾."
            ),
            N_("δ⁽³⁾ = σ′(z⁽³⁾)·(ŷ − y), and σ′(z) = ŷ(1 − ŷ)."),
            "number",
            expected=_delta_out,
        ),
        Exercise(
            "12.grad_w_out",
            N_(
                "With δ⁽³⁾ = −0.1443 and a⁽²⁾ = (0.4786, 0.6256)ᵀ, give ∇W⁽³⁾ = δ⁽³⁾a⁽²⁾ᵀ "
                "(its two entries)."
            ),
            N_("∇W⁽ˡ⁾ = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ: each entry is δⱼ times the input it multiplies."),
            "numbers",
            expected=_grad_w_out,
        ),
    ]
)

"""Worked solutions of the notebooks' "Try it yourself" exercises, for the lecturer to hand out.

`SOLUTIONS[id]` is the answer as a student would type it into the exercise cell (a number, a
tuple, a function or a word), with the working in the comment above it. `WRONG[id]` is a typical
wrong answer, which `check` must call wrong (tests/test_exercises.py checks both for every id).
Run `python notebooks/solutions/solutions.py` to check them all yourself.
"""

from __future__ import annotations

import math

from nn import MLP

SOLUTIONS: dict[str, object] = {}
WRONG: dict[str, object] = {}

# 01.paths: ∂f/∂x = 2x + y + 2(x + y) = 4 − 1 + 2 = 5; ∂f/∂y = x + 2(x + y) = 2 + 2 = 4.
SOLUTIONS["01.paths"] = (5, 4)
WRONG["01.paths"] = (3, 2)  # without the path through (x + y)²

# 01.neuron: the sum is 1·2 + (−1)·1 − 0.5 = 0.5; σ(0.5) = 0.6225, σ′ = 0.6225·0.3775 = 0.2350;
# ∂f/∂w0 = x0·σ′ = 0.470, ∂f/∂x0 = w0·σ′ = 0.235.
SOLUTIONS["01.neuron"] = (0.47, 0.235)
WRONG["01.neuron"] = (2, 1)


# 02.central: the formula with h = 1e-5 (error ~ h² · f‴/6, about 1e-10 here).
def central_difference(f, x):
    h = 1e-5
    return (f(x + h) - f(x - h)) / (2 * h)


def forward_difference(f, x):
    h = 1e-5
    return (f(x + h) - f(x)) / h  # error ~ h·f″/2: 1e-5, too big


SOLUTIONS["02.central"] = central_difference
WRONG["02.central"] = forward_difference

# 02.cost: (3 + 1)·4 + (4 + 1)·4 + (4 + 1)·1 = 16 + 20 + 5 = 41 parameters, 2 passes each.
SOLUTIONS["02.cost"] = 82
WRONG["02.cost"] = 41


# 03.formula_to_network: hidden neuron 1: weights (3, 4), bias 1; neuron 2: (3, 2), bias 7;
# output: weights (4, 2), bias 6; ReLU everywhere.
def formula_network():
    network = MLP(2, [2, 1], activation="relu", output_activation="relu", seed=0)
    hidden, output = network.layers
    for neuron, (weights, bias) in zip(hidden.neurons, [((3, 4), 1), ((3, 2), 7)]):
        for w, value in zip(neuron.w, weights):
            w.data = value
        neuron.b.data = bias
    top = output.neurons[0]
    top.w[0].data, top.w[1].data, top.b.data = 4.0, 2.0, 6.0
    return network


def swapped_network():
    network = formula_network()
    top = network.layers[1].neurons[0]
    top.w[0].data, top.w[1].data = 2.0, 4.0  # the output weights swapped
    return network


SOLUTIONS["03.formula_to_network"] = formula_network()
WRONG["03.formula_to_network"] = swapped_network()

# 03.minimal_triangle: three neurons draw the three sides (1 inside each half-plane), one more
# checks that all three say 1 (AND: weights 1, 1, 1 and bias −2.5). Four.
SOLUTIONS["03.minimal_triangle"] = 4
WRONG["03.minimal_triangle"] = 3

# 03.parameters: (10 + 1)·64 + (64 + 1)·32 + (32 + 1)·3 = 704 + 2080 + 99.
SOLUTIONS["03.parameters"] = 2883
WRONG["03.parameters"] = 10 * 64 + 64 * 32 + 32 * 3  # without the biases

# 03.redundant: drop the idle first-layer neuron (its output is tanh(0) = 0) and merge the twins:
# MLP(3, [4, 3, 1]) has (3 + 1)·4 + (4 + 1)·3 + (3 + 1)·1 = 16 + 15 + 4 = 35 parameters.
SOLUTIONS["03.redundant"] = 35
WRONG["03.redundant"] = (3 + 1) * 5 + (5 + 1) * 4 + (4 + 1) * 1  # 49: nothing removed

# 03.strips: a neuron per line, hᵢ = [x₁ > i], and one output [h₁ − h₂ + h₃ − h₄ + h₅ − 0.5 > 0]
# (its sum is −0.5, 0.5, −0.5, ... across the six strips): 5 + 1 = 6.
SOLUTIONS["03.strips"] = 6
WRONG["03.strips"] = 5 + 4 + 1  # a second hidden layer, not needed

# 04.one_step: p = σ(0.5·2) = σ(1) = 0.7311; ∂L/∂w = (p − 0)·2 = 1.4621;
# w₁ = 0.5 − 0.1·1.4621 = 0.3538.
SOLUTIONS["04.one_step"] = 0.354
WRONG["04.one_step"] = 0.646  # a step along the gradient


# 04.sigmoid_prime: σ′ = σ(1 − σ).
def sigmoid_prime(t):
    s = 1 / (1 + math.exp(-t))
    return s * (1 - s)


SOLUTIONS["04.sigmoid_prime"] = sigmoid_prime
WRONG["04.sigmoid_prime"] = lambda t: 1 / (1 + math.exp(-t))  # σ itself

# 04.separable: z = w·x + b with b = −1.5w and w → −∞ puts the whale (x = 1) at +∞ and the ants
# at −∞: the loss tends to 0 but never reaches it. No finite minimum.
SOLUTIONS["04.separable"] = False
WRONG["04.separable"] = True

# 05.ce_gradient: softmax(2, 0, −1) = (0.8438, 0.1142, 0.0420); minus one-hot (0, 1, 0).
SOLUTIONS["05.ce_gradient"] = (0.84, -0.89, 0.04)
WRONG["05.ce_gradient"] = (0.84, 0.11, 0.04)  # softmax alone

# 05.two_class: exp(s₁)/(exp(s₁) + exp(s₂)) = 1/(1 + exp(−(s₁ − s₂))) = σ(s₁ − s₂).
SOLUTIONS["05.two_class"] = lambda s1, s2: s1 - s2
WRONG["05.two_class"] = lambda s1, s2: s1

# 05.kl: 0.5·ln(0.5/0.7) + 0.25·ln(0.25/0.2) + 0.25·ln(0.25/0.1) = −0.1682 + 0.0558 + 0.2291.
SOLUTIONS["05.kl"] = 0.117
WRONG["05.kl"] = 1.157  # H(p, q) itself

# 05.multilabel: independent yes/no per topic: a sigmoid on each output, the loss the sum of the
# three binary cross-entropies.
SOLUTIONS["05.multilabel"] = "sigmoid"
WRONG["05.multilabel"] = "softmax"

# 05.poisson: λ = exp(z) > 0, and the loss is the Poisson negative log-likelihood λ − y·ln λ.
SOLUTIONS["05.poisson"] = "exp"
WRONG["05.poisson"] = "relu"


# 06.prelu: for t > 0 the max is t (no α): 0; for t < 0 it is αt: ∂/∂α = t.
def prelu_grad_alpha(t, alpha):
    return t if t < 0 else 0.0


SOLUTIONS["06.prelu"] = prelu_grad_alpha
WRONG["06.prelu"] = lambda t, alpha: t

# 06.sigmoid_chain: 0.25 · σ′(0.5) · σ′(σ(0.5)) = 0.25 · 0.2350 · 0.2273 = 0.0134 (0.01335).
SOLUTIONS["06.sigmoid_chain"] = 0.01335
WRONG["06.sigmoid_chain"] = 0.25**3

# 06.architecture: prices are any positive amount: a linear output (or relu, but not sigmoid).
SOLUTIONS["06.architecture"] = "linear"
WRONG["06.architecture"] = "sigmoid"

# 06.digits_parameters: (784 + 1)·128 + (128 + 1)·10 = 100480 + 1290 = 101770.
SOLUTIONS["06.digits_parameters"] = 101770
WRONG["06.digits_parameters"] = 784 * 128 + 128 * 10  # without the biases

# 06.dense_layer: 64·64 = 4096 inputs, so (4096 + 1)·500 = 2048500.
SOLUTIONS["06.dense_layer"] = 2048500
WRONG["06.dense_layer"] = 64 * 64 * 500  # without the biases


# 07.xor: h1 = relu(x1 + x2), h2 = relu(x1 + x2 − 1), out = h1 − 2·h2 − 0.5:
# (0,0) → −0.5, (0,1) and (1,0) → 0.5, (1,1) → 2 − 2 − 0.5 = −0.5.
def xor_network():
    network = MLP(2, [2, 1], activation="relu", seed=0)
    hidden, output = network.layers
    for neuron, bias in zip(hidden.neurons, (0.0, -1.0)):
        neuron.w[0].data, neuron.w[1].data, neuron.b.data = 1.0, 1.0, bias
    top = output.neurons[0]
    top.w[0].data, top.w[1].data, top.b.data = 1.0, -2.0, -0.5
    return network


_xor = xor_network()
SOLUTIONS["07.xor"] = lambda x1, x2: int(_xor([x1, x2]).data > 0)
WRONG["07.xor"] = lambda x1, x2: int(x1 or x2)  # OR

# 07.paths_count: its neuron → 4 neurons of layer 2 → each to 4 of layer 3 → the output: 4·4.
SOLUTIONS["07.paths_count"] = 16
WRONG["07.paths_count"] = 12

# 08.gd: L′(0) = 1·(−2) + 3·(−2) = −8, w₁ = 0.4; L′(0.4) = 1·(−1.6) + 3·(−0.8) = −4, w₂ = 0.6.
SOLUTIONS["08.gd"] = 0.6
WRONG["08.gd"] = 0.4

# 08.momentum: L′(1.92) = 1·(−0.08) + 2·(0.84) = 1.6; v₃ = 0.9·1.12 − 0.16 = 0.848, w₃ = 2.768.
SOLUTIONS["08.momentum"] = 2.768
WRONG["08.momentum"] = 1.92

# 08.adam_first: m̂/√v̂ = g/|g| = ±1: the step is exactly η.
SOLUTIONS["08.adam_first"] = 0.3
WRONG["08.adam_first"] = 0.03

# 09.he: 2/n = 2/50.
SOLUTIONS["09.he"] = 0.04
WRONG["09.he"] = 0.02

# 09.dropout_all: p¹⁰ = 1/1024.
SOLUTIONS["09.dropout_all"] = 1 / 1024
WRONG["09.dropout_all"] = 0.5

# 09.ridge: β̂ = Σy/(n + λ) = 22/5.
SOLUTIONS["09.ridge"] = 4.4
WRONG["09.ridge"] = 22 / 3


# 10.xxtx: df = dx·‖x‖² + x·2xᵀdx, so J = ‖x‖²·I + 2·x·xᵀ.
def jacobian_xxtx(x):
    norm2 = sum(v * v for v in x)
    return [
        [(norm2 if i == j else 0.0) + 2 * x[i] * x[j] for j in range(len(x))] for i in range(len(x))
    ]


SOLUTIONS["10.xxtx"] = jacobian_xxtx
WRONG["10.xxtx"] = lambda x: [[3 * x[i] * x[j] for j in range(len(x))] for i in range(len(x))]


# 10.trace: d tr(AXB) = tr(BA dX), so ∇ = (BA)ᵀ = AᵀBᵀ.
def grad_trace(a, b):
    # ∂/∂X_jk of Σ_i A_ij X_jk B_ki is Σ_i A_ij B_ki = (AᵀBᵀ)_jk
    n = len(a)
    return [[sum(a[i][j] * b[k][i] for i in range(n)) for k in range(n)] for j in range(n)]


def grad_trace_untransposed(a, b):
    n = len(a)  # BA, what multiplies dX, without the transpose
    return [[sum(b[j][i] * a[i][k] for i in range(n)) for k in range(n)] for j in range(n)]


SOLUTIONS["10.trace"] = grad_trace
WRONG["10.trace"] = grad_trace_untransposed

# 10.gauss: μ̂ = 3, σ̂² = ((1 − 3)² + (2 − 3)² + (6 − 3)²)/3 = 14/3.
SOLUTIONS["10.gauss"] = 14 / 3
WRONG["10.gauss"] = 7.0

# 11.relu_backward: the upstream gradient where x > 0, else 0.
SOLUTIONS["11.relu_backward"] = (1, 0, 3, 0)
WRONG["11.relu_backward"] = (1, 2, 3, 4)

# 11.jacobian_gib: (32·1024)·(32·1024)·4 bytes = 2³² bytes = 4 GiB.
SOLUTIONS["11.jacobian_gib"] = 4
WRONG["11.jacobian_gib"] = 256

# 11.shapes: ∂L/∂w = xᵀ(∂L/∂y): (3 × 5)(5 × 2) = 3 × 2, the shape of w.
SOLUTIONS["11.shapes"] = (3, 2)
WRONG["11.shapes"] = (5, 2)

# 12.delta_out: δ⁽³⁾ = ŷ(1 − ŷ)(ŷ − y) = 0.2731 · 0.7269 · (−0.7269) = −0.1443.
SOLUTIONS["12.delta_out"] = -0.1443
WRONG["12.delta_out"] = -0.7269

# 12.grad_w_out: δ⁽³⁾a⁽²⁾ᵀ = −0.1443 · (0.4786, 0.6256) = (−0.06906, −0.09028).
SOLUTIONS["12.grad_w_out"] = (-0.06906, -0.09028)
WRONG["12.grad_w_out"] = (0.4786, 0.6256)


if __name__ == "__main__":
    from autograd.lecture.exercises import all_exercises, check

    for item in all_exercises():
        print(f"{item.id:24s} {check(item.id, SOLUTIONS[item.id]).message.splitlines()[0]}")

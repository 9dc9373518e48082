"""Colour-blind vision for tests: Machado, Oliveira and Fernandes (2009) at full severity, and
CIE76 ΔE in CIELAB (D65) to say how far apart two colours look."""

from __future__ import annotations

from autograd.viz.style import hex_rgb

__all__ = ["SIMULATIONS", "delta_e", "seen"]

# Machado et al. 2009, severity 1.0, applied to linear RGB.
SIMULATIONS = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
}


def linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def lab(rgb_linear: tuple[float, float, float]) -> tuple[float, float, float]:
    """CIELAB (D65) of a linear-RGB colour."""
    r, g, b = (min(max(c, 0.0), 1.0) for c in rgb_linear)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def seen(colour: str, simulation: str | None) -> tuple[float, float, float]:
    rgb = tuple(linear(c) for c in hex_rgb(colour))
    if simulation is not None:
        matrix = SIMULATIONS[simulation]
        rgb = tuple(sum(m * c for m, c in zip(row, rgb)) for row in matrix)
    return lab((rgb[0], rgb[1], rgb[2]))


def delta_e(first: str, second: str, simulation: str | None) -> float:
    a, b = seen(first, simulation), seen(second, simulation)
    return float(sum((p - q) ** 2 for p, q in zip(a, b)) ** 0.5)

"""backprop-lab's neural-network package: models, losses, optimizers and data made of `Value`s.

`Neuron`, `Layer`, `Sequential` and `MLP` are built from `autograd.Value` operations, so any
part of a model can be drawn and stepped through; `functional` holds softmax
and the losses, `optim` SGD / RMSprop / Adam with PyTorch's update rules,
`datasets` the classic 2-D teaching problems, `fit` a small training loop with
a progress bar (`fit(..., record=True)` keeps every epoch, `export_training` replays it in a
page), and `save` / `load` keep parameters in a JSON file.
"""

from nn import activations, datasets, functional, init, optim
from nn.activations import Activation
from nn.layers import MLP, Dropout, Layer, Neuron, Sequential
from nn.module import Module
from nn.serialize import ParameterFileError, load, save
from nn.train import History, fit
from nn.training_replay import export_training, export_training_gif

__all__ = [
    "MLP",
    "Activation",
    "Dropout",
    "History",
    "Layer",
    "Module",
    "Neuron",
    "ParameterFileError",
    "Sequential",
    "activations",
    "datasets",
    "export_training",
    "export_training_gif",
    "fit",
    "functional",
    "init",
    "load",
    "optim",
    "save",
]

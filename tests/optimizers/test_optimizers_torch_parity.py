"""Where Keras's and torch.optim's update rules coincide, the numbers must too."""

import numpy as np
import pytest
import torch

from torcheras import optimizers as O
from torcheras.backend import Variable

STEPS = 12


def _compare(ours, make_torch, atol=1e-5):
    gen = torch.Generator().manual_seed(0)
    init = [torch.randn(4, 5, generator=gen), torch.randn(5, generator=gen)]
    grads = [[torch.randn(t.shape, generator=gen) for t in init] for _ in range(STEPS)]
    mine = [Variable(t.clone()) for t in init]
    theirs = [torch.nn.Parameter(t.clone()) for t in init]
    reference = make_torch(theirs)
    for step in range(STEPS):
        ours.apply(grads[step], mine)
        for p, g in zip(theirs, grads[step], strict=True):
            p.grad = g.clone()
        reference.step()
    for a, b in zip(mine, theirs, strict=True):
        np.testing.assert_allclose(a.numpy(), b.detach().numpy(), atol=atol)


CASES = [
    ("sgd", lambda: O.SGD(learning_rate=0.1),
     lambda p: torch.optim.SGD(p, lr=0.1)),
    ("sgd_momentum", lambda: O.SGD(learning_rate=0.05, momentum=0.9),
     lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9)),
    ("sgd_nesterov", lambda: O.SGD(learning_rate=0.05, momentum=0.9, nesterov=True),
     lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True)),
    ("rmsprop", lambda: O.RMSprop(learning_rate=0.01, epsilon=0.0),
     lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=0.0)),
    ("rmsprop_centered_momentum",
     lambda: O.RMSprop(learning_rate=0.01, epsilon=0.0, centered=True, momentum=0.5),
     lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=0.0, centered=True,
                                   momentum=0.5)),
    ("adam", lambda: O.Adam(learning_rate=0.01, epsilon=0.0),
     lambda p: torch.optim.Adam(p, lr=0.01, eps=0.0)),
    ("adam_amsgrad", lambda: O.Adam(learning_rate=0.01, epsilon=0.0, amsgrad=True),
     lambda p: torch.optim.Adam(p, lr=0.01, eps=0.0, amsgrad=True)),
    ("adamw", lambda: O.AdamW(learning_rate=0.01, weight_decay=0.1, epsilon=0.0),
     lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.1, eps=0.0)),
    ("adagrad", lambda: O.Adagrad(learning_rate=0.1, initial_accumulator_value=0.1,
                                  epsilon=0.0),
     lambda p: torch.optim.Adagrad(p, lr=0.1, initial_accumulator_value=0.1, eps=0.0)),
    ("adadelta", lambda: O.Adadelta(learning_rate=1.0, rho=0.9, epsilon=1e-6),
     lambda p: torch.optim.Adadelta(p, lr=1.0, rho=0.9, eps=1e-6)),
    ("adamax", lambda: O.Adamax(learning_rate=0.01, epsilon=0.0),
     lambda p: torch.optim.Adamax(p, lr=0.01, eps=0.0)),
]


@pytest.mark.parametrize("name, ours, theirs", CASES, ids=[c[0] for c in CASES])
def test_same_numbers_as_torch_optim(name, ours, theirs):
    _compare(ours(), theirs)

"""Which weights a training step updates, worked out from the layers' ``trainable`` flags.

Each model remembers its layers' flags as they were at its last ``compile()`` and trains
with those, as Keras 2 did (tf.keras's ``RespectCompiledTrainableState``). This is what makes
the classic GAN loop work: the discriminator is compiled, then frozen with
``discriminator.trainable = False`` before the combined (generator + discriminator) model is
compiled; ``discriminator.train_on_batch`` still trains it, while ``combined.train_on_batch``
trains only the generator. Layers that appear after ``compile`` (a model built lazily, a layer
added to a ``Sequential``) count with their current flag; to change what an existing model
trains, set the flags and compile again (Keras 3's documented rule too).

The answer is cached per model and recomputed only when
:data:`~torcheras.backend._trainable_version.TRAINABLE_VERSION` moved (a flag was set, a weight
created, a sublayer added or removed), so a step pays one integer comparison.

The flags select which gradients are computed; the weights' ``requires_grad`` is never
changed here, since a weight may be shared with another model that trains it.
"""

from __future__ import annotations

from typing import NamedTuple

from torcheras.backend._trainable_version import TRAINABLE_VERSION


class TrainablePlan(NamedTuple):
    """What a model's training step needs to know about its weights.

    Attributes:
        version: The :data:`TRAINABLE_VERSION` count the plan was computed at.
        variables: The weights the optimizer updates (trainable and differentiable).
        regularized: Whether any weight or layer adds a regularization penalty to the loss.
    """

    version: int
    variables: list
    regularized: bool


def trainable_state(model) -> dict:
    """Every layer of ``model`` (itself included) mapped to its ``trainable`` flag."""
    return {layer: layer._trainable for layer in model._flatten_layers(True)}


def make_plan(model, compiled_state: dict | None) -> TrainablePlan:
    """The plan for ``model``, its layers' flags taken from ``compiled_state`` where listed.

    Args:
        model: The model being trained.
        compiled_state: The flags recorded by ``compile`` (``None``: use the current ones).
    """
    version = TRAINABLE_VERSION.count
    layers = model._flatten_layers(True)
    changed = [layer for layer in layers if compiled_state is not None
               and layer in compiled_state and compiled_state[layer] != layer._trainable]
    # Read `trainable_weights` (which subclasses may override) with the compiled flags in
    # place; the private attribute is set directly so that nothing else observes the swap.
    current = [layer._trainable for layer in changed]
    for layer in changed:
        layer._trainable = compiled_state[layer]
    try:
        weights = model.trainable_weights
    finally:
        for layer, flag in zip(changed, current):
            layer._trainable = flag
    variables = [w for w in weights if w.requires_grad]
    regularized = any(getattr(w, "regularizer", None) is not None for w in model.weights) or any(
        getattr(layer, "activity_regularizer", None) is not None for layer in layers)
    return TrainablePlan(version, variables, regularized)

"""``keras.wrappers``: Keras 2's scikit-learn wrappers (``keras.wrappers.scikit_learn``)."""

from torcheras.wrappers import scikit_learn

__all__ = ["scikit_learn"]

"""Keras 1's ``keras.utils.visualize_util``: ``plot(model, to_file="model.png")`` (Keras 2
renamed it ``plot_model`` in ``keras.utils.vis_utils``)."""

from torcheras.utils import model_to_dot, plot_model

plot = plot_model

__all__ = ["model_to_dot", "plot"]

"""Keras 2's ``keras.engine.saving``: saving and loading whole models."""

from torcheras.models import load_model, model_from_config, model_from_json, save_model

__all__ = ["load_model", "model_from_config", "model_from_json", "save_model"]

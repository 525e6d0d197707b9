"""``keras.export``: models as artifacts for serving (``torch.export`` programs, ONNX)."""

from torcheras.export._archive import ExportArchive

__all__ = ["ExportArchive"]

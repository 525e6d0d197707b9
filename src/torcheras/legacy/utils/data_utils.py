"""Keras 2's ``keras.utils.data_utils``: ``get_file``, ``Sequence``, ``validate_file`` and
the enqueuers that read batches ahead."""

from torcheras.legacy.utils._enqueuers import GeneratorEnqueuer, OrderedEnqueuer, SequenceEnqueuer
from torcheras.utils import Sequence, get_file
from torcheras.utils._file import validate_file

__all__ = ["GeneratorEnqueuer", "OrderedEnqueuer", "Sequence", "SequenceEnqueuer",
           "get_file", "validate_file"]

"""``keras.callbacks``: hooks into ``fit``, ``evaluate`` and ``predict``."""

from torcheras.callbacks._callback import Callback
from torcheras.callbacks._callback_list import CallbackList
from torcheras.callbacks._history import History
from torcheras.callbacks._lambda_callback import LambdaCallback
from torcheras.callbacks._progbar_logger import ProgbarLogger

__all__ = ["Callback", "CallbackList", "History", "LambdaCallback", "ProgbarLogger"]

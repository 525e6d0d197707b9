"""``keras.callbacks``: hooks into ``fit``, ``evaluate`` and ``predict``."""

from torcheras.callbacks._backup_and_restore import BackupAndRestore
from torcheras.callbacks._callback import Callback
from torcheras.callbacks._callback_list import CallbackList
from torcheras.callbacks._csv_logger import CSVLogger
from torcheras.callbacks._early_stopping import EarlyStopping
from torcheras.callbacks._history import History
from torcheras.callbacks._lambda_callback import LambdaCallback
from torcheras.callbacks._learning_rate_scheduler import LearningRateScheduler
from torcheras.callbacks._model_checkpoint import ModelCheckpoint
from torcheras.callbacks._orbax_checkpoint import OrbaxCheckpoint
from torcheras.callbacks._progbar_logger import ProgbarLogger
from torcheras.callbacks._reduce_lr_on_plateau import ReduceLROnPlateau
from torcheras.callbacks._remote_monitor import RemoteMonitor
from torcheras.callbacks._swap_ema_weights import SwapEMAWeights
from torcheras.callbacks._tensorboard import TensorBoard
from torcheras.callbacks._terminate_on_nan import TerminateOnNaN

__all__ = ["BackupAndRestore", "CSVLogger", "Callback", "CallbackList", "EarlyStopping",
           "History", "LambdaCallback", "LearningRateScheduler", "ModelCheckpoint",
           "OrbaxCheckpoint", "ProgbarLogger", "ReduceLROnPlateau", "RemoteMonitor",
           "SwapEMAWeights", "TensorBoard", "TerminateOnNaN"]

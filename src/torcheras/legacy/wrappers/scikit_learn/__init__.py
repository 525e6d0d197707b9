"""``keras.wrappers.scikit_learn``: use a Keras model as a scikit-learn estimator (Keras 2).

``KerasClassifier(build_fn=make_model, epochs=5)`` works in ``GridSearchCV``,
``cross_val_score`` and pipelines. scikit-learn is optional: install the ``sklearn`` extra
(``pip install torcheras[sklearn]``).
"""

from torcheras.legacy.wrappers.scikit_learn._base import BaseWrapper
from torcheras.legacy.wrappers.scikit_learn._classifier import KerasClassifier
from torcheras.legacy.wrappers.scikit_learn._regressor import KerasRegressor

__all__ = ["BaseWrapper", "KerasClassifier", "KerasRegressor"]

"""Keras 1/2 names that Keras 3 removed, kept apart from the modern classes.

``torcheras.legacy.backend`` holds Keras 2's ``keras.backend`` functions (``K.mean``,
``K.int_shape``, ``K.function``, ...); ``torcheras.backend`` re-exports them.
"""

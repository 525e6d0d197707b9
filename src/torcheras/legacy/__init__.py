"""Keras 1/2 names that Keras 3 removed, kept apart from the modern classes.

``torcheras.legacy.backend`` holds Keras 2's ``keras.backend`` functions (``K.mean``,
``K.int_shape``, ``K.function``, ...); ``torcheras.backend`` re-exports them.

The Keras 1/2 module paths live here under their old names (``engine``, ``layers.core``,
``layers.local``, ``utils.np_utils``, ``objectives``, ``initializations``,
``wrappers.scikit_learn``, ...; the list is ``_modules.LEGACY_MODULES``): ``python -m
torcheras`` maps ``keras.<path>`` to ``torcheras.legacy.<path>`` for them. They re-export
the modern objects and define only what Keras 3 removed.
"""

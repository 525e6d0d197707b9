"""Keras 2's lowercase optimizer names: ``keras.optimizers.adam`` is ``Adam``, ...

Keras 2.3's ``keras/optimizers.py`` kept them as aliases of the classes; old programs write
``optimizer=adam(lr=0.001)``. ``torcheras.optimizers`` serves them on first use.
"""

from torcheras.optimizers import SGD, Adadelta, Adagrad, Adam, Adamax, Nadam, RMSprop

adadelta = Adadelta
adagrad = Adagrad
adam = Adam
adamax = Adamax
nadam = Nadam
rmsprop = RMSprop
sgd = SGD

__all__ = ["adadelta", "adagrad", "adam", "adamax", "nadam", "rmsprop", "sgd"]

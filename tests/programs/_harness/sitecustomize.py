"""Start-up hook for the example-program tests (not part of torcheras).

The tests put this folder first on ``PYTHONPATH``, so Python imports it as
``sitecustomize`` before ``python -m torcheras program.py`` runs the program unchanged.
It does nothing unless one of these variables is set:

* ``TORCHERAS_TEST_MNIST_SUBSET="n_train,n_test"``: ``mnist.load_data()`` returns the
  first ``n_train`` training and ``n_test`` test digits of the real MNIST. For the
  programs whose ending uses ``predict`` over the whole data (the debugging cap
  ``KERAS_MAX_STEPS_PER_EPOCH`` caps ``predict`` too, as Keras 3 does, which would leave
  fewer predictions than labels), a smaller dataset is the only way to scale them down.
* ``TORCHERAS_TEST_CIFAR10_MD5=path.json``: the md5 of each file of the small CIFAR-10
  archive the test wrote (``cifar10.load_data`` accepts only files whose md5 is the
  published one).
"""

import dataclasses
import json
import os

_subset = os.environ.get("TORCHERAS_TEST_MNIST_SUBSET")
if _subset:
    from torcheras.datasets import mnist as _mnist

    _n_train, _n_test = (int(n) for n in _subset.split(","))
    _full_load_data = _mnist.load_data

    def _load_subset(path="mnist.npz"):
        (x_train, y_train), (x_test, y_test) = _full_load_data(path)
        return ((x_train[:_n_train], y_train[:_n_train]),
                (x_test[:_n_test], y_test[:_n_test]))

    _mnist.load_data = _load_subset

_cifar_md5 = os.environ.get("TORCHERAS_TEST_CIFAR10_MD5")
if _cifar_md5:
    from torcheras.datasets import cifar10 as _cifar10

    with open(_cifar_md5) as _f:
        _cifar10._SPEC = dataclasses.replace(_cifar10._SPEC, md5=json.load(_f))

"""Write a ``.keras`` file real Keras 3 saved for a model holding a TorchModuleWrapper.

TorchModuleWrapper exists only on Keras's torch backend:

    KERAS_BACKEND=torch /root/refenv/bin/python tests/golden/make_torch_module_wrapper.py

Writes tests/golden/layers_extra/torch_module_wrapper.keras (the module pickled in the
config by ``torch.save``, its ``state_dict`` in the weights file) and
torch_module_wrapper.npz (inputs ``x`` and Keras's predictions ``pred``).
"""

import os

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402
import torch  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "layers_extra")


def main():
    torch.manual_seed(7)
    module = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Tanh(),
                                 torch.nn.Linear(3, 2))
    model = keras.Sequential([keras.Input((4,)),
                              keras.layers.TorchModuleWrapper(module, name="torch_mlp")])
    x = np.random.default_rng(4).normal(size=(5, 4)).astype("float32")
    model.save(os.path.join(HERE, "torch_module_wrapper.keras"))
    np.savez_compressed(os.path.join(HERE, "torch_module_wrapper.npz"), x=x,
                        pred=model.predict(x, verbose=0))


if __name__ == "__main__":
    main()

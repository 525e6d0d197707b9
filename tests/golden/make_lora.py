"""Golden numbers for LoRA on Dense and Conv2D from real Keras 3.

Run with the reference environment (never by the suite):
    KERAS_BACKEND=torch /root/refenv/bin/python tests/golden/make_lora.py
Writes tests/golden/lora/lora.npz: for each layer the weights (kernel, bias, lora_kernel_a,
lora_kernel_b), an input, Keras's output, and the weights after three SGD steps of a model
made of that one layer on an MSE loss (the kernel frozen, only bias and the LoRA pair move).
Keras 3's Dense drops `lora_alpha` when it builds (its scale is then 1), so the Dense case
uses the default alpha (= rank); the Conv2D case uses lora_alpha=8 with rank 2.
"""

from pathlib import Path

import keras
import numpy as np

OUT = Path(__file__).resolve().parent / "lora" / "lora.npz"


def case(prefix, layer, x, y, arrays):
    model = keras.Sequential([keras.Input(x.shape[1:]), layer])
    rng = np.random.default_rng(len(prefix))
    # Non-zero B so that the update shows in the outputs.
    weights = [rng.normal(size=w.shape).astype("float32") for w in layer.weights]
    layer.set_weights(weights)
    for name, w in zip(("kernel", "bias", "a", "b"), weights):
        arrays[f"{prefix}_{name}"] = w
    arrays[f"{prefix}_x"] = x
    arrays[f"{prefix}_y"] = y
    arrays[f"{prefix}_out"] = np.asarray(model.predict(x, verbose=0))
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    for _ in range(3):
        model.train_on_batch(x, y)
    for name, w in zip(("kernel", "bias", "a", "b"), layer.get_weights()):
        arrays[f"{prefix}_trained_{name}"] = w


def main():
    rng = np.random.default_rng(0)
    arrays = {}
    x = rng.normal(size=(5, 4)).astype("float32")
    y = rng.normal(size=(5, 3)).astype("float32")
    case("dense", keras.layers.Dense(3, lora_rank=2), x, y, arrays)
    x = rng.normal(size=(2, 5, 5, 2)).astype("float32")
    y = rng.normal(size=(2, 4, 4, 3)).astype("float32")
    case("conv", keras.layers.Conv2D(3, 2, lora_rank=2, lora_alpha=8), x, y, arrays)
    OUT.parent.mkdir(exist_ok=True)
    np.savez(OUT, **arrays)
    print("wrote", OUT, keras.__version__)


if __name__ == "__main__":
    main()

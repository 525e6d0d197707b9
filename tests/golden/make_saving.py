"""Write the saving interop fixtures: small model files made by real Keras 3 and tf-keras.

Run with the Keras reference environment (never in CI):

    /root/refenv/bin/python tests/golden/make_saving.py

Writes into tests/golden/saving/:

- ``mlp.keras``: Sequential Dense/BatchNormalization/Dense(softmax), trained 3 steps with
  Adam (so the file holds Adam's slots and iteration count);
- ``cnn.keras``: Conv2D/MaxPooling2D/Conv2D/GlobalAveragePooling2D/Dense, trained with SGD
  momentum;
- ``two_output.keras``: functional model with two named outputs (a shared trunk, an LSTM
  branch, a Concatenate), compiled with one loss per output and trained with RMSprop;
- ``mlp.weights.h5``: ``save_weights`` of a second MLP (the test builds the architecture);
- ``tfkeras_mlp.h5``: a tf-keras (Keras 2) model saved in the legacy HDF5 format, trained
  with Adam;
- ``tfkeras_functional.h5``: a two-input, two-output functional tf-keras model with a
  shared layer (Keras 2's node lists), trained with Adamax;
- ``tfkeras_lambda.h5``: a tf-keras model with a Python-lambda ``Lambda`` layer;
- ``lambda.keras``: a model with a Python-lambda ``Lambda`` layer (safe-mode test);
- ``zoo.keras``: a two-input functional model through many layer families (Embedding,
  Conv1D, BatchNormalization, Bidirectional GRU, MultiHeadAttention, Add,
  LayerNormalization, TimeDistributed, SimpleRNN, LSTM, SeparableConv2D, DepthwiseConv2D,
  Conv2DTranspose, GroupNormalization, GlobalMaxPooling2D, Concatenate, PReLU), trained
  with Adam: the nested weight paths (``forward_layer/cell``, ``query_dense``, ``layer``).

``<name>.npz`` beside each holds the input ``x``, Keras's prediction ``y_pred`` and, for the
trained ones, one more training batch (``train_x``, ``train_y``) with the weights Keras
has after one more ``train_on_batch`` on it (no dropout: its random masks differ) (``next_0``, ``next_1``, ...: the model's
``weights`` in order) — the test continues training from the file and must land on them.
"""

import os
import subprocess
import sys

import numpy as np

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "saving")


def _next_step(model, x, y, name, extra=None):
    """Store the batch and the weights after one more training step."""
    arrays = dict(extra or {})
    model.train_on_batch(x, y)
    for i, w in enumerate(model.weights):
        arrays[f"next_{i}"] = np.asarray(w.numpy() if hasattr(w, "numpy") else w)
    arrays["train_x"] = x if not isinstance(x, dict) else None
    if isinstance(y, dict):
        for k, v in y.items():
            arrays[f"train_y_{k}"] = v
    else:
        arrays["train_y"] = y
    np.savez(os.path.join(HERE, f"{name}.npz"), **{k: v for k, v in arrays.items()
                                                 if v is not None})


def build_zoo(keras):
    """The layer-family zoo (also built by tests/saving/test_interop.py's twin check)."""
    L = keras.layers
    tok = keras.Input((6,), dtype="int32", name="tokens")
    e = L.Embedding(20, 8, name="emb")(tok)
    # No bias right before a normalization: its gradient is rounding noise there, which
    # Adam would turn into full-size steps that no two engines take alike.
    c = L.BatchNormalization(name="bn1")(L.Conv1D(8, 3, padding="same", use_bias=False,
                                                  name="c1")(e))
    r = L.Bidirectional(L.GRU(4, return_sequences=True), name="bigru")(c)
    a = L.MultiHeadAttention(2, 4, name="mha")(r, r)
    a = L.LayerNormalization(name="ln")(L.Add(name="res")([a, r]))
    s = L.SimpleRNN(5, name="srnn")(L.TimeDistributed(L.Dense(3), name="td")(a))
    lstm = L.LSTM(3, name="lstm")(a)
    img = keras.Input((8, 8, 3), name="img")
    i = L.DepthwiseConv2D(3, name="dw")(L.SeparableConv2D(4, 3, name="sep")(img))
    i = L.GroupNormalization(groups=3, name="gn")(L.Conv2DTranspose(
        3, 2, strides=2, use_bias=False, name="tr")(i))
    i = L.GlobalMaxPooling2D(name="gmp")(L.Conv2D(2, 3, name="c2")(i))
    m = L.Concatenate(name="cat")([s, lstm, i])
    out = L.Dense(2, activation="softmax", name="out")(
        L.PReLU(name="prelu")(L.Dense(6, name="d6")(m)))
    return keras.Model([tok, img], out, name="zoo")


def zoo_data(rng, n=6):
    x = [rng.integers(0, 20, (n, 6)).astype("int32"),
         rng.normal(size=(n, 8, 8, 3)).astype("float32")]
    return x, np.eye(2, dtype="float32")[rng.integers(0, 2, n)]


def make_keras3():
    os.environ["KERAS_BACKEND"] = "torch"
    import keras

    rng = np.random.default_rng(9)
    keras.utils.set_random_seed(9)

    # --- MLP -----------------------------------------------------------------------------
    mlp = keras.Sequential([
        keras.Input((6,)),
        keras.layers.Dense(8, activation="relu", name="hidden"),
        keras.layers.BatchNormalization(name="bn"),
        keras.layers.Dense(3, activation="softmax", name="probs"),
    ], name="mlp")
    mlp.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy",
                metrics=["accuracy"])
    x = rng.normal(size=(12, 6)).astype("float32")
    y = np.eye(3, dtype="float32")[rng.integers(0, 3, 12)]
    mlp.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    mlp.save(os.path.join(HERE, "mlp.keras"))
    xt = rng.normal(size=(5, 6)).astype("float32")
    pred = mlp.predict(xt, verbose=0)
    _next_step(mlp, x[:4], y[:4], "mlp", {"x": xt, "y_pred": pred})

    # --- CNN -----------------------------------------------------------------------------
    cnn = keras.Sequential([
        keras.Input((8, 8, 2)),
        keras.layers.Conv2D(4, 3, padding="same", activation="relu", name="conv_a"),
        keras.layers.MaxPooling2D(2, name="pool"),
        keras.layers.Conv2D(5, 3, name="conv_b"),
        keras.layers.GlobalAveragePooling2D(name="gap"),
        keras.layers.Dense(2, name="logits"),
    ], name="cnn")
    cnn.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9),
                loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    x = rng.normal(size=(8, 8, 8, 2)).astype("float32")
    y = rng.integers(0, 2, 8)
    cnn.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
    cnn.save(os.path.join(HERE, "cnn.keras"))
    xt = rng.normal(size=(3, 8, 8, 2)).astype("float32")
    _next_step(cnn, x[:4], y[:4], "cnn", {"x": xt, "y_pred": cnn.predict(xt, verbose=0)})

    # --- two outputs ---------------------------------------------------------------------
    inp = keras.Input((4, 3), name="seq")
    trunk = keras.layers.Dense(5, activation="tanh", name="trunk")(inp)
    rnn = keras.layers.LSTM(4, name="lstm")(trunk)
    flat = keras.layers.Flatten(name="flat")(trunk)
    merged = keras.layers.Concatenate(name="merge")([rnn, flat])
    reg = keras.layers.Dense(1, name="value")(merged)
    cls = keras.layers.Dense(3, activation="softmax", name="label")(rnn)
    two = keras.Model(inp, {"value": reg, "label": cls}, name="two_output")
    two.compile(optimizer=keras.optimizers.RMSprop(0.005),
                loss={"value": "mse", "label": "sparse_categorical_crossentropy"},
                loss_weights={"value": 0.5, "label": 1.0})
    x = rng.normal(size=(8, 4, 3)).astype("float32")
    ys = {"value": rng.normal(size=(8, 1)).astype("float32"),
          "label": rng.integers(0, 3, 8)}
    two.fit(x, ys, batch_size=4, epochs=1, shuffle=False, verbose=0)
    two.save(os.path.join(HERE, "two_output.keras"))
    xt = rng.normal(size=(3, 4, 3)).astype("float32")
    pred = two.predict(xt, verbose=0)
    _next_step(two, x[:4], {k: v[:4] for k, v in ys.items()}, "two_output",
               {"x": xt, "y_pred_value": pred["value"], "y_pred_label": pred["label"]})

    # --- weights only --------------------------------------------------------------------
    w_model = keras.Sequential([
        keras.Input((5,)),
        keras.layers.Dense(7, activation="gelu"),
        keras.layers.LayerNormalization(),
        keras.layers.Dense(2),
    ])
    w_model.save_weights(os.path.join(HERE, "mlp.weights.h5"))
    xt = rng.normal(size=(4, 5)).astype("float32")
    np.savez(os.path.join(HERE, "mlp_weights.npz"), x=xt, y_pred=w_model.predict(xt, verbose=0))

    # --- Lambda --------------------------------------------------------------------------
    lam = keras.Sequential([keras.Input((3,)), keras.layers.Lambda(lambda t: t * 2.0 + 1.0),
                            keras.layers.Dense(2)])
    lam.save(os.path.join(HERE, "lambda.keras"))
    xt = rng.normal(size=(2, 3)).astype("float32")
    np.savez(os.path.join(HERE, "lambda.npz"), x=xt, y_pred=lam.predict(xt, verbose=0))
    # --- zoo -----------------------------------------------------------------------------
    zoo = build_zoo(keras)
    zoo.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy")
    x, y = zoo_data(rng)
    zoo.fit(x, y, batch_size=3, epochs=1, shuffle=False, verbose=0)
    zoo.save(os.path.join(HERE, "zoo.keras"))
    xt, _ = zoo_data(rng, 3)
    pred = zoo.predict(xt, verbose=0)
    zoo.train_on_batch(x, y)
    arrays = {"x_tokens": xt[0], "x_img": xt[1], "y_pred": pred, "train_tokens": x[0],
              "train_img": x[1], "train_y": y}
    for i, w in enumerate(zoo.weights):
        arrays[f"next_{i}"] = keras.ops.convert_to_numpy(w)
    np.savez(os.path.join(HERE, "zoo.npz"), **arrays)
    print("keras", keras.__version__)


def make_tfkeras():
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tensorflow as tf
    import tf_keras

    tf.random.set_seed(3)
    rng = np.random.default_rng(3)
    model = tf_keras.Sequential([
        tf_keras.layers.Dense(6, activation="relu", input_shape=(4,), name="dense_in"),
        tf_keras.layers.BatchNormalization(name="bn"),
        tf_keras.layers.Dense(2, activation="sigmoid", name="out"),
    ])
    model.compile(optimizer=tf_keras.optimizers.Adam(0.01), loss="binary_crossentropy",
                  metrics=["accuracy"])
    x = rng.normal(size=(16, 4)).astype("float32")
    y = (rng.random((16, 2)) > 0.5).astype("float32")
    model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    model.save(os.path.join(HERE, "tfkeras_mlp.h5"))
    xt = rng.normal(size=(5, 4)).astype("float32")
    pred = model.predict(xt, verbose=0)
    model.train_on_batch(x[:8], y[:8])
    arrays = {"x": xt, "y_pred": pred, "train_x": x[:8], "train_y": y[:8]}
    for i, w in enumerate(model.weights):
        arrays[f"next_{i}"] = w.numpy()
    np.savez(os.path.join(HERE, "tfkeras_mlp.npz"), **arrays)
    # A functional tf-keras model: Keras 2's node lists ([[["input_1", 0, 0, {}]]]), two
    # inputs, a shared layer, a Concatenate, two outputs, Adamax. (Not Nadam: tf-keras's
    # Nadam is not Keras 3's; after 3 steps from the same weights they differ by 5e-4.)
    a = tf_keras.Input((3,), name="a")
    b = tf_keras.Input((3,), name="b")
    shared = tf_keras.layers.Dense(4, activation="tanh", name="shared")
    merged = tf_keras.layers.Concatenate(name="merge")([shared(a), shared(b)])
    out1 = tf_keras.layers.Dense(1, name="score")(merged)
    out2 = tf_keras.layers.Dense(2, activation="softmax", name="kind")(merged)
    fn = tf_keras.Model([a, b], [out1, out2], name="tfk_functional")
    fn.compile(optimizer=tf_keras.optimizers.Adamax(0.01),
               loss=["mse", "categorical_crossentropy"], loss_weights=[0.3, 1.0])
    xa = rng.normal(size=(8, 3)).astype("float32")
    xb = rng.normal(size=(8, 3)).astype("float32")
    y1 = rng.normal(size=(8, 1)).astype("float32")
    y2 = np.eye(2, dtype="float32")[rng.integers(0, 2, 8)]
    fn.fit([xa, xb], [y1, y2], batch_size=4, epochs=1, shuffle=False, verbose=0)
    fn.save(os.path.join(HERE, "tfkeras_functional.h5"))
    pred = fn.predict([xa[:3], xb[:3]], verbose=0)
    fn.train_on_batch([xa[:4], xb[:4]], [y1[:4], y2[:4]])
    arrays = {"xa": xa[:3], "xb": xb[:3], "y_pred_score": pred[0], "y_pred_kind": pred[1],
              "train_xa": xa[:4], "train_xb": xb[:4], "train_y1": y1[:4], "train_y2": y2[:4]}
    for i, w in enumerate(fn.weights):
        arrays[f"next_{i}"] = w.numpy()
    np.savez(os.path.join(HERE, "tfkeras_functional.npz"), **arrays)
    # A Keras 2 Lambda (its bytecode as [code, defaults, closure], `function_type`).
    lam = tf_keras.Sequential([tf_keras.layers.Lambda(lambda t: t * 2.0 + 1.0, input_shape=(3,)),
                               tf_keras.layers.Dense(2)])
    lam.save(os.path.join(HERE, "tfkeras_lambda.h5"))
    xt = rng.normal(size=(2, 3)).astype("float32")
    np.savez(os.path.join(HERE, "tfkeras_lambda.npz"), x=xt, y_pred=lam.predict(xt, verbose=0))
    print("tf_keras", tf_keras.__version__)


if __name__ == "__main__":
    os.makedirs(HERE, exist_ok=True)
    if len(sys.argv) > 1 and sys.argv[1] == "tfkeras":
        make_tfkeras()
    else:
        # Keras 3 and tf-keras cannot share a process (both own the `keras` name).
        make_keras3()
        subprocess.run([sys.executable, __file__, "tfkeras"], check=True)

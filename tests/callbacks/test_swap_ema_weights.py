"""SwapEMAWeights: evaluation inside and after fit sees the optimizer's EMA weights; the
model's own weights come back afterwards; swap_on_epoch leaves the EMA weights at the end."""

import numpy as np
import pytest
from _helpers import data, model

import torcheras as keras


def _compiled(use_ema=True):
    m = model()
    m.compile(keras.optimizers.SGD(0.1, use_ema=use_ema, ema_momentum=0.5),
              "sparse_categorical_crossentropy")
    return m


def _ema(m):
    return [a.detach().clone().numpy() for a in m.optimizer._model_variables_moving_average]


def test_validation_in_fit_uses_the_ema_weights():
    x, y = data()
    m = _compiled()
    seen = {}

    def weights():
        return [w.numpy().copy() for w in m.trainable_weights]

    class Spy(keras.callbacks.Callback):  # runs before SwapEMAWeights in each hook
        def on_test_begin(self, logs=None):
            seen["before"], seen["ema_before"] = weights(), _ema(m)

        def on_test_batch_begin(self, batch, logs=None):
            seen["during"], seen["ema_during"] = weights(), _ema(m)

        def on_epoch_end(self, epoch, logs=None):
            seen["after"] = weights()

    m.fit(x, y, epochs=1, batch_size=16, verbose=0, validation_data=(x, y),
          callbacks=[Spy(), keras.callbacks.SwapEMAWeights()])
    for i in range(len(seen["before"])):
        assert not np.array_equal(seen["before"][i], seen["ema_before"][i])
        np.testing.assert_array_equal(seen["during"][i], seen["ema_before"][i])
        np.testing.assert_array_equal(seen["ema_during"][i], seen["before"][i])
        np.testing.assert_array_equal(seen["after"][i], seen["before"][i])


def test_evaluate_and_predict_swap_and_swap_back():
    x, y = data()
    m = _compiled()
    m.fit(x, y, epochs=2, batch_size=16, verbose=0)
    own, ema = [w.numpy().copy() for w in m.trainable_weights], _ema(m)
    with_ema = keras.models.clone_model(m)
    with_ema.set_weights(ema)
    with_ema.compile("sgd", "sparse_categorical_crossentropy")
    want_loss = with_ema.evaluate(x, y, verbose=0)
    cb = keras.callbacks.SwapEMAWeights()
    assert m.evaluate(x, y, verbose=0, callbacks=[cb]) == pytest.approx(want_loss, rel=1e-6)
    np.testing.assert_allclose(m.predict(x, verbose=0, callbacks=[cb]),
                               with_ema.predict(x, verbose=0), rtol=1e-6)
    for w, o in zip(m.trainable_weights, own):
        np.testing.assert_array_equal(w.numpy(), o)


def test_swap_on_epoch_ends_with_the_ema_weights():
    x, y = data()
    m = _compiled()
    snapshots = []
    spy = keras.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: snapshots.append(
        ([w.numpy().copy() for w in m.trainable_weights], _ema(m))))
    m.fit(x, y, epochs=2, batch_size=16, verbose=0,
          callbacks=[keras.callbacks.SwapEMAWeights(swap_on_epoch=True), spy])
    # after each epoch's swap, callbacks that follow (checkpoints) see the averages
    weights_seen, ema_seen = snapshots[-1]
    for w, e in zip(weights_seen, ema_seen):
        np.testing.assert_array_equal(w, e)  # finalised: both hold the averages
    for w, s in zip(m.trainable_weights, weights_seen):
        np.testing.assert_array_equal(w.numpy(), s)


def test_without_ema_it_says_so():
    x, y = data()
    m = _compiled(use_ema=False)
    with pytest.raises(ValueError, match="SwapEMAWeights must be used when `use_ema=True` is "
                                         "set on the optimizer. Received: use_ema=False"):
        m.fit(x, y, epochs=1, verbose=0, validation_data=(x, y),
              callbacks=[keras.callbacks.SwapEMAWeights()])

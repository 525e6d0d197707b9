"""Training through every conv/pooling/reshaping family matches Keras 3 step for step
(see write_training in tests/golden/make_conv.py): same initial weights and data, five
RMSprop steps without shuffling, then weights, loss and predictions compared."""


import _golden
import numpy as np

import torcheras as keras


def test_five_rmsprop_steps_match_keras():
    golden = _golden.load_arrays("conv/training")
    model = _golden.conv_training_model(keras)
    n = sum(1 for k in golden if k.startswith("init_"))
    model.set_weights([golden[f"init_{i}"] for i in range(n)])
    history = model.fit(golden["x"], golden["y"], batch_size=8, epochs=1, shuffle=False,
                        verbose=0)
    np.testing.assert_allclose(history.history["loss"], golden["loss"], atol=1e-5)
    for i, w in enumerate(model.get_weights()):
        np.testing.assert_allclose(w, golden[f"final_{i}"], atol=1e-5, err_msg=f"weight {i}")
    np.testing.assert_allclose(model.predict(golden["x"][:4], verbose=0), golden["predict"],
                               atol=1e-5)

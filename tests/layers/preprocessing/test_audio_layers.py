"""STFTSpectrogram and MelSpectrogram: shapes, the transforms by hand, trainable kernels, bad
input (goldens in tests/layers/test_layers_extra_golden.py)."""

import numpy as np
import pytest
from _contract import check_layer_contract

import torcheras as keras
from torcheras import layers
from torcheras.layers.preprocessing.audio._mel_spectrogram import linear_to_mel_weight_matrix


def _np(t):
    return t.detach().cpu().numpy()


@pytest.mark.parametrize("kwargs, input_shape, output_shape", [
    ({}, (None, 64, 2), (None, 7, 18)),
    ({"padding": "same"}, (None, 64, 2), (None, 8, 18)),
    ({"mode": "stft"}, (None, 64, 1), (None, 7, 18)),
    ({"expand_dims": True}, (None, 64, 2), (None, 7, 9, 2)),
    ({"data_format": "channels_first"}, (None, 2, 64), (None, 18, 7)),
    ({"data_format": "channels_first", "expand_dims": True}, (None, 2, 64),
     (None, 2, 7, 9)),
])
def test_stft_contract(kwargs, input_shape, output_shape):
    config = {"frame_length": 16, "frame_step": 8, **kwargs}
    check_layer_contract(lambda: layers.STFTSpectrogram(**config), input_shape, output_shape,
                         [(16, 1, 9), (16, 1, 9)])


def test_stft_matches_numpy_fft():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 40, 1)).astype("float32")
    config = {"frame_length": 8, "frame_step": 4, "fft_length": 8, "window": None,
              "scaling": None}
    real = _np(layers.STFTSpectrogram(mode="real", **config)(x))
    imag = _np(layers.STFTSpectrogram(mode="imag", **config)(x))
    frames = np.stack([x[:, i:i + 8, 0] for i in range(0, 33, 4)], axis=1)
    spectrum = np.fft.rfft(frames, axis=-1)
    np.testing.assert_allclose(real, spectrum.real, atol=1e-4)
    np.testing.assert_allclose(imag, spectrum.imag, atol=1e-4)
    mag = _np(layers.STFTSpectrogram(mode="magnitude", **config)(x))
    np.testing.assert_allclose(mag, np.abs(spectrum), rtol=1e-4, atol=1e-4)
    log = _np(layers.STFTSpectrogram(mode="log", **config)(x))
    np.testing.assert_allclose(log, np.log(np.maximum(np.abs(spectrum), 1e-7)), atol=1e-3)
    angle = _np(layers.STFTSpectrogram(mode="angle", **config)(x))
    np.testing.assert_allclose(np.cos(angle), np.cos(np.angle(spectrum)), atol=1e-3)
    psd = _np(layers.STFTSpectrogram(mode="psd", **config)(x))
    power = np.abs(spectrum) ** 2
    power[..., 1:-1] *= 2  # one-sided: the bins between DC and Nyquist count twice
    np.testing.assert_allclose(psd, power, rtol=1e-4, atol=1e-3)


def test_stft_channels_merge_and_default_fft_length():
    layer = layers.STFTSpectrogram(frame_length=12)  # fft 16, step 6
    assert layer._fft_length == 16 and layer._frame_step == 6
    x = np.random.default_rng(1).normal(size=(1, 60, 2)).astype("float32")
    both = _np(layer(x))
    one = _np(layers.STFTSpectrogram(frame_length=12)(x[..., :1]))
    np.testing.assert_allclose(both[..., :9], one, rtol=1e-5, atol=1e-5)


def test_stft_kernels_train_unless_frozen():
    x = np.random.default_rng(2).normal(size=(8, 32, 1)).astype("float32")
    frozen = layers.STFTSpectrogram(frame_length=8, frame_step=4, trainable=False)
    model = keras.Sequential([keras.Input((32, 1)), frozen, layers.Flatten(),
                              layers.Dense(1)])
    assert [w.name for w in model.trainable_weights] == ["kernel", "bias"]
    free = layers.STFTSpectrogram(frame_length=8, frame_step=4)
    model = keras.Sequential([keras.Input((32, 1)), free, layers.Flatten(), layers.Dense(1)])
    before = free.real_kernel.numpy()
    model.compile("sgd", "mse")
    model.fit(x, np.ones((8, 1), "float32"), epochs=1, verbose=0)
    assert not np.allclose(free.real_kernel.numpy(), before)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"mode": "power"}, ValueError, r"Output mode is invalid, it must be one of log, "
                                    r"magnitude, psd, real, imag, angle, stft. "
                                    r"Received: mode='power'"),
    ({"frame_step": 300}, ValueError, r"`frame_step` should be a positive integer not "
                                      r"greater than `frame_length`. Received frame_step=300"),
    ({"frame_step": 0}, ValueError, r"frame_step=0"),
    ({"fft_length": 128}, ValueError, r"`fft_length` should be not less than "
                                      r"`frame_length`. Received fft_length=128"),
    ({"scaling": "l2"}, ValueError, r"Scaling is invalid.*Received scaling='l2'"),
    ({"padding": "causal"}, ValueError, r"Padding is invalid, it should be 'valid', 'same'. "
                                        r"Received: padding='causal'"),
    ({"window": "no_such_window"}, ValueError, r"window"),
    ({"frame_length": 0}, ValueError, r"`frame_length` must be a positive integer"),
])
def test_stft_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        layers.STFTSpectrogram(**kwargs)


def test_stft_bad_inputs_and_warning():
    with pytest.warns(UserWarning, match=r"`fft_length` is recommended to be a power of two"):
        layers.STFTSpectrogram(frame_length=256, fft_length=300)
    with pytest.raises(TypeError, match=r"Expected `float16`, `float32` or `float64`. "
                                        r"Received: input type=int64"):
        layers.STFTSpectrogram(frame_length=4)(np.zeros((1, 8, 1), "int64"))
    with pytest.raises(ValueError, match=r"expected ndim=3, found ndim=2"):
        layers.STFTSpectrogram(frame_length=4)(np.zeros((1, 8), "float32"))


def test_mel_matrix_by_hand():
    matrix = linear_to_mel_weight_matrix(4, 9, 8000, 0.0, 4000.0).numpy()
    assert matrix.shape == (9, 4)
    np.testing.assert_array_equal(matrix[0], 0.0)  # the DC bin is left out
    assert np.all(matrix >= 0) and np.all(matrix <= 1.0)
    # Each triangle rises then falls: one peak per mel bin, peaks in increasing order.
    peaks = matrix.argmax(axis=0)
    assert list(peaks) == sorted(peaks)


def test_mel_sine_lands_in_its_band():
    rate, n = 8000, 2048
    t = np.arange(n) / rate
    layer = layers.MelSpectrogram(fft_length=256, sequence_stride=128, num_mel_bins=16,
                                  sampling_rate=rate, power_to_db=False)
    low = _np(layer(np.sin(2 * np.pi * 300 * t).astype("float32")))
    high = _np(layer(np.sin(2 * np.pi * 3000 * t).astype("float32")))
    assert low.shape == (16, 1 + n // 128)
    assert low.mean(axis=1).argmax() < high.mean(axis=1).argmax()


def test_mel_decibels_by_hand():
    x = np.random.default_rng(3).normal(size=(2, 300)).astype("float32")
    config = {"fft_length": 64, "sequence_stride": 32, "num_mel_bins": 6,
              "sampling_rate": 8000}
    power = _np(layers.MelSpectrogram(power_to_db=False, **config)(x))
    db = _np(layers.MelSpectrogram(top_db=30.0, ref_power=2.0, **config)(x))
    want = 10 * np.log10(np.maximum(power, 1e-10)) - 10 * np.log10(2.0)
    want = np.maximum(want, want.max() - 30.0)  # the floor comes from the whole batch
    np.testing.assert_allclose(db, want, rtol=1e-4, atol=1e-3)
    mag = _np(layers.MelSpectrogram(power_to_db=False, mag_exp=1.0, **config)(x))
    assert mag.max() < power.max()


def test_mel_contract_shapes_and_config():
    layer = layers.MelSpectrogram(fft_length=64, sequence_stride=32, num_mel_bins=8)
    assert layer.compute_output_shape((None, 320)) == (None, 8, 11)
    assert layer.compute_output_shape((320,)) == (8, 11)
    assert tuple(layer(np.zeros((3, 320), "float32")).shape) == (3, 8, 11)
    out = layer(keras.Input((320,)))
    assert out.shape == (None, 8, 11)
    config = layer.get_config()
    assert config["sequence_length"] == 64 and config["max_freq"] == 8000
    assert layers.MelSpectrogram.from_config(config).get_config() == config


@pytest.mark.parametrize("kwargs, match", [
    ({"sequence_length": 4096}, r"`fft_length` must be greater than or equal to.*"
                                r"`sequence_length`=4096, `fft_length`=2048"),
    ({"window": "blackman"}, r"it must be one of `\"hann\"`, `\"hamming\"`. "
                             r"Received: window='blackman'"),
    ({"num_mel_bins": 0}, r"`num_mel_bins` must be a positive integer. Received: "
                          r"num_mel_bins=0"),
    ({"sequence_stride": 1.5}, r"sequence_stride=1.5"),
])
def test_mel_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        layers.MelSpectrogram(**kwargs)

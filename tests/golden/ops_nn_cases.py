"""The cases of make_ops_nn.py: op name, arguments (arrays by key), flags.

``batch=True`` also records the symbolic spec with an unknown first dimension of every
array argument. ``symbolic=False`` skips the symbolic spec (ops whose output shape
depends on values, or that Keras only runs eagerly).
"""

from __future__ import annotations

import numpy as np

RNG = np.random.default_rng(20260104)


def build_cases(arrays: dict) -> list:
    cases: list = []

    def A(key, value, dtype="float32"):  # noqa: N802
        arrays[key] = np.asarray(value).astype(dtype)
        return {"a": key}

    def C(op, *args, cid=None, **kwargs):  # noqa: N802
        flags = {k[1:]: kwargs.pop(k) for k in list(kwargs) if k.startswith("_")}
        case = {"id": cid or f"{op}#{len(cases)}", "op": op, "args": list(args),
                "kwargs": kwargs}
        case.update(flags)
        cases.append(case)

    n = RNG.normal
    x = A("x", np.concatenate([[-6.0, -3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0, 6.0, 20.0, -20.0,
                                0.25], n(0, 2, 36)]).reshape(4, 12))
    x3 = A("x3", n(0, 2, (2, 3, 4)))
    x64 = A("x64", n(0, 2, (3, 4)), "float64")
    xi = A("xi", [[-3, -1, 0, 2, 7]], "int32")
    _activations(C, A, x, x3, x64, xi)
    _conv(C, A, n)
    _losses_norm(C, A, n)
    _math(C, A, n)
    _linalg(C, A, n)
    _image(C, A, n)
    _random(C, A, n)
    _edges(C, A, n)
    return cases


def _activations(C, A, x, x3, x64, xi):  # noqa: N803
    names = ["relu", "relu6", "sigmoid", "sparse_sigmoid", "softplus", "softsign",
             "soft_shrink", "sparse_plus", "silu", "swish", "squareplus", "log_sigmoid",
             "leaky_relu", "hard_sigmoid", "hard_silu", "hard_swish", "elu", "selu", "gelu",
             "celu", "glu", "tanh_shrink", "hard_tanh", "hard_shrink", "softmax",
             "log_softmax"]
    for name in names:
        C(f"ops.nn.{name}", x, _batch=True)
        C(f"ops.nn.{name}", x64)
    # Keras 3.15's sparsemax is only right when one value dominates (keras-team/keras#23425).
    C("ops.nn.sparsemax", A("xs", [[0.1, 5.0, -2.0, 1.0], [-8.0, -1.0, 3.0, 0.0]]))
    for name in ["relu", "relu6", "hard_tanh"]:
        C(f"ops.nn.{name}", xi)
    C("ops.nn.threshold", x, 0.5, -2.0)
    C("ops.nn.threshold", xi, 0, 5)
    C("ops.nn.soft_shrink", x, threshold=1.5)
    C("ops.nn.hard_shrink", x, threshold=1.5)
    C("ops.nn.leaky_relu", x, negative_slope=0.01)
    C("ops.nn.elu", x, alpha=0.5)
    C("ops.nn.celu", x, alpha=2.0)
    C("ops.nn.squareplus", x, b=1.0)
    C("ops.nn.gelu", x, approximate=False)
    C("ops.nn.glu", x3, axis=2)
    C("ops.nn.glu", x3, axis=0)
    C("ops.nn.softmax", x3, axis=0)
    C("ops.nn.softmax", x3, axis=None)
    C("ops.nn.softmax", x3, axis=(1, 2))
    C("ops.nn.log_softmax", x3, axis=1)
    C("ops.nn.log_softmax", x3, axis=None)
    C("ops.nn.glu", x3, axis=-2)  # odd size: error row


def _conv(C, A, n):  # noqa: N803
    img = A("img", n(0, 1, (2, 7, 6, 3)))
    img_cf = A("img_cf", n(0, 1, (2, 3, 7, 6)))
    seq = A("seq", n(0, 1, (2, 9, 4)))
    vol = A("vol", n(0, 1, (1, 5, 6, 4, 2)))
    for pad in ("valid", "same"):
        for pool, strides in ((2, None), (3, 2), ((2, 3), (1, 2))):
            for fn in ("max_pool", "average_pool"):
                # Keras's torch backend pads asymmetric "same" average windows by
                # replicating edges; TensorFlow and JAX (and Keras's layers) average the
                # real values only, so those come from JAX.
                on_jax = (fn, pad) == ("average_pool", "same")
                # (Keras's JAX average_pool needs explicit strides with "same".)
                C(f"ops.nn.{fn}", img, pool, pool if on_jax and strides is None else strides,
                  pad, _batch=True, _backend="jax" if on_jax else "torch")
        C("ops.nn.max_pool", seq, 3, 2, pad)
        C("ops.nn.average_pool", seq, 2, 1, pad)
        C("ops.nn.max_pool", vol, 2, None, pad)
        C("ops.nn.average_pool", vol, (2, 3, 2), 1, pad, _backend="jax")
        C("ops.nn.max_pool", img_cf, 2, 2, pad, "channels_first")
        C("ops.nn.average_pool", img_cf, 3, 1, pad, data_format="channels_first")
    # Keras 3.15's symbolic shape of a tuple output_size is wrong (it keeps the tuple).
    C("ops.nn.adaptive_average_pool", img, (3, 2), _symbolic=False)
    C("ops.nn.adaptive_max_pool", img, 4)
    C("ops.nn.adaptive_average_pool", seq, 4)
    C("ops.nn.adaptive_max_pool", img_cf, (2, 5), data_format="channels_first")
    k2 = A("k2", n(0, 1, (3, 2, 3, 5)))
    kg = A("kg", n(0, 1, (3, 3, 1, 6)))  # grouped: 3 groups
    k1 = A("k1", n(0, 1, (3, 4, 2)))
    k3 = A("k3", n(0, 1, (2, 2, 2, 2, 3)))
    k2cf = A("k2cf", n(0, 1, (2, 2, 3, 4)))
    for pad in ("valid", "same"):
        C("ops.nn.conv", img, k2, 1, pad, _batch=True)
        C("ops.nn.conv", img, k2, (2, 1), pad)
        C("ops.nn.conv", img, k2, 1, pad, dilation_rate=(2, 1))
        C("ops.nn.conv", img, kg, 2, pad)
        C("ops.nn.conv", seq, k1, 2, pad)
        C("ops.nn.conv", vol, k3, 1, pad)
        C("ops.nn.conv", img_cf, k2cf, 2, pad, "channels_first")
    dk = A("dk", n(0, 1, (3, 3, 3, 2)))
    dk1 = A("dk1", n(0, 1, (3, 4, 1)))
    pk = A("pk", n(0, 1, (1, 1, 6, 4)))
    for pad in ("valid", "same"):
        C("ops.nn.depthwise_conv", img, dk, 1, pad, _batch=True)
        C("ops.nn.depthwise_conv", img, dk, 2, pad, dilation_rate=1)
        C("ops.nn.depthwise_conv", seq, dk1, 1, pad, dilation_rate=2)
        C("ops.nn.separable_conv", img, dk, pk, 1, pad)
        C("ops.nn.separable_conv", img, dk, pk, 2, pad)
    tk = A("tk", n(0, 1, (3, 3, 4, 3)))
    tk1 = A("tk1", n(0, 1, (3, 2, 4)))
    tk3 = A("tk3", n(0, 1, (2, 2, 2, 3, 2)))
    for pad in ("valid", "same"):
        for strides in (1, 2, 3):
            C("ops.nn.conv_transpose", img, tk, strides, pad, _batch=True)
        C("ops.nn.conv_transpose", img, tk, 2, pad, output_padding=1)
        C("ops.nn.conv_transpose", seq, tk1, 2, pad)
        C("ops.nn.conv_transpose", seq, tk1, 1, pad, dilation_rate=2)
        C("ops.nn.conv_transpose", vol, tk3, 2, pad)
    x4 = A("x4", n(0, 1, (2, 3, 6, 5)))
    C("ops.nn.unfold", x4, 2, _tensors=True)
    C("ops.nn.unfold", x4, (2, 3), dilation=(1, 2), padding=1, stride=(2, 1), _tensors=True)
    cols = A("cols", n(0, 1, (2, 12, 20)))
    C("ops.nn.fold", cols, (6, 5), 2, _tensors=True)
    C("ops.nn.fold", cols, (5, 8), (2, 3), padding=(1, 0), stride=(1, 2), dilation=1,
      _tensors=True)
    d2s = A("d2s", n(0, 1, (2, 3, 2, 8)))
    C("ops.nn.depth_to_space", d2s, 2)
    C("ops.nn.depth_to_space", A("d2s_cf", n(0, 1, (2, 8, 3, 2))), 2, "channels_first")
    C("ops.nn.space_to_depth", A("s2d", n(0, 1, (2, 4, 6, 3))), 2)
    C("ops.nn.space_to_depth", A("s2d_cf", n(0, 1, (1, 3, 6, 9))), 3, "channels_first")
    # Bad inputs.
    C("ops.nn.conv", img, A("kbad", n(0, 1, (3, 3, 2, 4))), _symbolic=False)
    C("ops.nn.depth_to_space", d2s, 3, _symbolic=False)
    C("ops.nn.space_to_depth", A("s2dbad", n(0, 1, (1, 5, 4, 1))), 2, _symbolic=False)
    C("ops.nn.depth_to_space", d2s, 1, _symbolic=False)


def _losses_norm(C, A, n):  # noqa: N803
    probs = A("probs", RNG.dirichlet(np.ones(5), size=(3, 4)))
    logits = A("logits", n(0, 2, (3, 4, 5)))
    labels = A("labels", RNG.integers(0, 5, (3, 4)), "int32")
    onehot = A("onehot", np.eye(5)[RNG.integers(0, 5, (3, 4))])
    bt = A("bt", RNG.integers(0, 2, (4, 6)))
    bp = A("bp", np.concatenate([[0.0, 1.0, 1e-9, 1 - 1e-9], RNG.uniform(0, 1, 20)]).reshape(4, 6))
    bl = A("bl", n(0, 3, (4, 6)))
    C("ops.nn.binary_crossentropy", bt, bp, _batch=True)
    C("ops.nn.binary_crossentropy", bt, bl, from_logits=True)
    C("ops.nn.categorical_crossentropy", onehot, probs, _batch=True)
    C("ops.nn.categorical_crossentropy", onehot, logits, from_logits=True)
    C("ops.nn.categorical_crossentropy", A("onehot_t", np.eye(3)[RNG.integers(0, 3, (4, 5))].transpose(0, 2, 1)),
      A("logits_t", n(0, 1, (4, 3, 5))), from_logits=True, axis=1, _symbolic=False)
    C("ops.nn.sparse_categorical_crossentropy", labels, probs, _batch=True)
    C("ops.nn.sparse_categorical_crossentropy", labels, logits, from_logits=True)
    C("ops.nn.binary_crossentropy", bt, A("bp_bad", RNG.uniform(0, 1, (4, 5))), _symbolic=False)
    C("ops.nn.categorical_crossentropy", onehot, A("probs_bad", RNG.uniform(0, 1, (3, 4, 4))),
      _symbolic=False)
    # CTC: batch 2, time 6, 4 classes (0 = blank).
    ctc_out = A("ctc_out", n(0, 1, (2, 6, 4)))
    ctc_tgt = A("ctc_tgt", [[1, 2, 2], [3, 1, 0]], "int32")
    C("ops.nn.ctc_loss", ctc_tgt, ctc_out, A("ctc_tl", [3, 2], "int32"),
      A("ctc_ol", [6, 5], "int32"))
    C("ops.nn.ctc_loss", A("ctc_tgt3", [[1, 2, 1], [2, 2, 3]], "int32"), ctc_out,
      A("ctc_tl3", [3, 1], "int32"), A("ctc_ol3", [6, 6], "int32"), mask_index=3)
    C("ops.nn.ctc_decode", ctc_out, A("ctc_sl", [6, 4], "int32"), _symbolic=False)
    C("ops.nn.ctc_decode", ctc_out, A("ctc_sl2", [6, 6], "int32"), merge_repeated=False,
      mask_index=2, _symbolic=False)
    C("ops.nn.ctc_decode", ctc_out, A("ctc_sl3", [6, 5], "int32"), strategy="beam_search",
      beam_width=4, top_paths=2, _symbolic=False)
    C("ops.nn.ctc_decode", A("ctc_out2", n(0, 2, (3, 5, 3))), A("ctc_sl4", [5, 3, 4], "int32"),
      strategy="beam_search", beam_width=3, top_paths=1, _symbolic=False)
    lab = A("lab", [[0, 2, 1, -1], [3, 3, 1, 0]], "int32")
    C("ops.nn.one_hot", lab, 4, _batch=True)
    C("ops.nn.one_hot", lab, 3, axis=0, _backend="jax")  # label 3 >= 3: zeros
    C("ops.nn.one_hot", lab, 5, axis=1, dtype="int32")
    C("ops.one_hot", A("lab1", [1, 0, 2], "int64"), 3, dtype="bool")
    # Keras 3.15's symbolic multi_hot keeps the input dtype (eager gives floatx).
    C("ops.nn.multi_hot", lab, 4, _symbolic=False)
    C("ops.nn.multi_hot", A("lab1d", [0, 3, 3], "int32"), num_classes=5, dtype="int32")
    C("ops.nn.multi_hot", lab, num_tokens=4, _symbolic=False)
    C("ops.nn.multi_hot", lab)
    xm = A("xm", n(1, 3, (3, 4, 5)))
    C("ops.nn.moments", xm, [0], _batch=True)
    C("ops.nn.moments", xm, [0, 2], keepdims=True)
    C("ops.nn.moments", xm, -1)
    C("ops.nn.moments", A("xm16", n(1, 3, (4, 5)), "float16"), [1])
    C("ops.nn.batch_normalization", xm, A("bn_m", n(0, 1, 5)), A("bn_v", RNG.uniform(0.5, 2, 5)),
      -1, _batch=True)
    C("ops.nn.batch_normalization", xm, A("bn_m4", n(0, 1, 4)), A("bn_v4", RNG.uniform(0.5, 2, 4)),
      1, offset=A("bn_o4", n(0, 1, 4)), scale=A("bn_s4", n(1, 0.1, 4)), epsilon=0.1)
    C("ops.nn.batch_normalization", xm, A("bn_m3", n(0, 1, 3)), A("bn_v4b", RNG.uniform(0.5, 2, 4)),
      1, _symbolic=False)
    C("ops.nn.normalize", xm, _batch=True)
    C("ops.nn.normalize", xm, axis=1, order=1)
    C("ops.nn.normalize", xm, axis=(1, 2), order=3, epsilon=0.5)
    C("ops.nn.normalize", A("zeros", np.zeros((2, 3))))
    C("ops.nn.normalize", xm, order=0)
    C("ops.nn.normalize", xm, order=2.5)
    C("ops.nn.psnr", A("p1", RNG.uniform(0, 1, (2, 4, 4, 3))), A("p2", RNG.uniform(0, 1, (2, 4, 4, 3))),
      1.0)
    C("ops.nn.psnr", A("p3", RNG.uniform(0, 255, (8, 8))), A("p4", RNG.uniform(0, 255, (8, 8))), 255.0)
    C("ops.nn.psnr", A("p5", RNG.uniform(0, 1, (2, 4))), A("p6", RNG.uniform(0, 1, (4, 2))), 1.0,
      _symbolic=False)
    C("ops.nn.rms_normalization", xm, _batch=True)
    C("ops.nn.rms_normalization", xm, A("rms_s", n(1, 0.2, 5)), epsilon=0.01)
    C("ops.nn.rms_normalization", xm, axis=(1, 2))
    C("ops.nn.rms_normalization", xm, A("rms_s4", n(1, 0.2, (4, 1))), axis=1, _backend="jax")
    C("ops.nn.layer_normalization", xm, _batch=True)
    C("ops.nn.layer_normalization", xm, A("ln_g", n(1, 0.2, 5)), A("ln_b", n(0, 0.2, 5)))
    C("ops.nn.layer_normalization", xm, axis=(1, 2), epsilon=0.1)
    C("ops.nn.layer_normalization", xm, A("ln_g4", n(1, 0.2, 4)), A("ln_b4", n(0, 0.2, 4)), axis=1,
      _backend="jax")
    C("ops.nn.layer_normalization", A("x16", n(0, 1, (3, 8)), "float16"))
    q = A("q", n(0, 1, (2, 4, 3, 8)))
    k = A("k", n(0, 1, (2, 6, 3, 8)))
    v = A("v", n(0, 1, (2, 6, 3, 8)))
    C("ops.nn.dot_product_attention", q, k, v, _batch=True)
    C("ops.nn.dot_product_attention", q, k, v, scale=0.5)
    C("ops.nn.dot_product_attention", q, k, v, mask=A("mask", RNG.uniform(0, 1, (2, 1, 4, 6)) > 0.3, "bool"))
    C("ops.nn.dot_product_attention", q, k, v, bias=A("bias", n(0, 1, (1, 3, 4, 6))))
    C("ops.nn.dot_product_attention", q, A("k6", n(0, 1, (2, 4, 3, 8))), A("v6", n(0, 1, (2, 4, 3, 8))),
      is_causal=True)
    C("ops.nn.dot_product_attention", A("q6", n(0, 1, (2, 4, 6, 8))), A("kg1", n(0, 1, (2, 5, 2, 8))),
      A("vg1", n(0, 1, (2, 5, 2, 8))))
    C("ops.nn.dot_product_attention", A("q1", n(0, 1, (2, 4, 6, 8))), A("km", n(0, 1, (2, 5, 1, 8))),
      A("vm", n(0, 1, (2, 5, 1, 8))))
    C("ops.nn.dot_product_attention", A("q3", n(0, 1, (4, 3, 8))), A("k3d", n(0, 1, (4, 3, 8))),
      A("v3d", n(0, 1, (4, 3, 8))), _symbolic=False)
    # Keras 3.15's symbolic polar says float32 (eager gives complex64).
    C("ops.nn.polar", A("pa", RNG.uniform(0, 2, (3, 4))), A("pang", n(0, 2, (3, 4))), _symbolic=False)


def _math(C, A, n):  # noqa: N803
    data = A("seg_data", n(0, 2, (6, 3)))
    ids = A("seg_ids", [0, 0, 2, 2, 3, 1], "int32")
    unsorted = A("seg_ids_u", [3, 0, 3, -1, 1, 5], "int64")
    datai = A("seg_datai", RNG.integers(-9, 9, (6, 2)), "int32")
    for name in ("segment_sum", "segment_max", "segment_min", "segment_prod"):
        # (Keras's torch backend leaves -inf/inf in empty segments of integer data and
        # reduces in float32; JAX agrees with TensorFlow, so those come from JAX.)
        C(f"ops.{name}", data, ids, _symbolic=False)
        C(f"ops.{name}", data, ids, num_segments=5, _batch=False)
        C(f"ops.{name}", data, unsorted, num_segments=4)
        C(f"ops.{name}", datai, ids, num_segments=5, _backend="jax")
    tk = A("tk_x", n(0, 1, (3, 7)))
    # Keras's torch backend returns int64 indices (its symbolic spec and JAX say int32).
    C("ops.top_k", tk, 3, _backend="jax", _batch=True)
    C("ops.top_k", A("tk_x1", n(0, 1, 9)), 9, _backend="jax")
    C("ops.top_k", tk, 2, sorted=False, _backend="jax", _symbolic=False)
    C("ops.in_top_k", A("itk_t", [0, 3, 6], "int32"), tk, 2)
    C("ops.in_top_k", A("itk_t2", [1, 1, 1], "int64"), A("itk_p", [[0.1, 0.5, 0.5, 0.2], [0.9, 0.1, 0.0, 0.0], [0.2, 0.2, 0.2, 0.2]]), 1)
    lx = A("lse_x", n(0, 5, (3, 4, 5)))
    C("ops.logsumexp", lx, _batch=True)
    C("ops.logsumexp", lx, axis=1)
    C("ops.logsumexp", lx, axis=(0, 2), keepdims=True)
    C("ops.logsumexp", A("lse_big", [[1000.0, 1000.0], [-1000.0, -1e30]]), axis=-1)
    C("ops.cdist", A("cd_x", n(0, 1, (2, 4, 3))), A("cd_y", n(0, 1, (2, 5, 3))))
    C("ops.cdist", A("cd_x2", n(0, 1, (4, 3))), A("cd_y2", n(0, 1, (6, 3))))
    pos = A("pos", RNG.uniform(0.1, 5, (3, 4)))
    unit = A("unit", RNG.uniform(-0.99, 0.99, (3, 4)))
    C("ops.rsqrt", pos, _batch=True)
    C("ops.rsqrt", A("pos_i", [[1, 4, 16]], "int32"), _symbolic=False)  # Keras spec: int32
    C("ops.erf", x3 := A("m_x3", n(0, 1.5, (2, 3, 4))), _batch=True)
    C("ops.erfc", x3)
    C("ops.erfinv", unit)
    C("ops.erf", A("erf_64", n(0, 1, 5), "float64"))
    spd = RNG.normal(0, 1, (2, 4, 4))
    C("ops.logdet", A("logdet_x", spd @ spd.transpose(0, 2, 1) + 4 * np.eye(4)))
    C("ops.view_as_complex", A("vac", n(0, 1, (3, 4, 2))), _batch=True)
    C("ops.view_as_real", A("var", n(0, 1, (3, 4)) + 1j * n(0, 1, (3, 4)), "complex64"), _batch=True)
    sig = A("sig", n(0, 1, (2, 3, 40)))
    C("ops.extract_sequences", sig, 8, 4, _batch=True)
    C("ops.extract_sequences", A("sig1", n(0, 1, 17)), 5, 3)
    re_, im = A("fft_re", n(0, 1, (3, 8))), A("fft_im", n(0, 1, (3, 8)))
    C("ops.fft", {"t": [re_, im]}, _batch=True)
    re2, im2 = A("fft2_re", n(0, 1, (2, 4, 6))), A("fft2_im", n(0, 1, (2, 4, 6)))
    C("ops.fft2", {"t": [re2, im2]})
    C("ops.ifft2", {"t": [re2, im2]})
    C("ops.rfft", A("rfft_x", n(0, 1, (3, 10))), _batch=True)
    C("ops.rfft", A("rfft_x2", n(0, 1, (2, 9))), fft_length=16)
    C("ops.rfft", A("rfft_x3", n(0, 1, (2, 9))), fft_length=6)
    C("ops.irfft", {"t": [A("irfft_re", n(0, 1, (3, 6))), A("irfft_im", n(0, 1, (3, 6)))]})
    C("ops.irfft", {"t": [A("irfft_re2", n(0, 1, (2, 5))), A("irfft_im2", n(0, 1, (2, 5)))]}, fft_length=7)
    audio = A("audio", n(0, 1, (2, 64)))
    C("ops.stft", audio, 16, 8, 16, _batch=True)
    C("ops.stft", audio, 12, 5, 16, window="hamming")
    C("ops.stft", audio, 16, 4, 32, window=None, center=False)
    C("ops.stft", A("audio3", n(0, 1, (2, 2, 50))), 10, 5, 16, window=A("win", RNG.uniform(0, 1, 10)))
    st_re, st_im = A("st_re", n(0, 1, (2, 9, 9))), A("st_im", n(0, 1, (2, 9, 9)))
    C("ops.istft", {"t": [st_re, st_im]}, 16, 8, 16)
    C("ops.istft", {"t": [st_re, st_im]}, 16, 8, 16, length=60)
    C("ops.istft", {"t": [st_re, st_im]}, 12, 6, 16, window="hamming")
    C("ops.istft", {"t": [st_re, st_im]}, 16, 4, 16, center=False, window=None)
    C("ops.istft", {"t": [st_re, st_im]}, 10, 5, 16, center=False)
    # Bad inputs.
    C("ops.fft", {"t": [re_, A("fft_bad", n(0, 1, (3, 7)))]}, _symbolic=False)
    C("ops.stft", audio, 16, 8, 8, _symbolic=False)
    C("ops.stft", audio, 16, 8, 16, window="blackman", _symbolic=False)
    C("ops.stft", A("audio_i", RNG.integers(0, 5, (2, 32)), "int32"), 8, 4, 8, _symbolic=False)


def _linalg(C, A, n):  # noqa: N803
    m = RNG.normal(0, 1, (2, 4, 4))
    spd = A("spd", m @ m.transpose(0, 2, 1) + 4 * np.eye(4))
    sq = A("sq", m + 3 * np.eye(4))
    rect = A("rect", n(0, 1, (2, 5, 3)))
    wide = A("wide", n(0, 1, (3, 5)))
    L = "ops.linalg."
    C(L + "cholesky", spd, _batch=True)
    C(L + "cholesky", spd, upper=True)
    C(L + "cholesky_inverse", A("chol", np.linalg.cholesky(m @ m.transpose(0, 2, 1) + 4 * np.eye(4))))
    C(L + "cholesky_inverse", A("chol_u", np.linalg.cholesky(m[0] @ m[0].T + np.eye(4)).T), upper=True)
    C(L + "det", sq, _batch=True)
    C(L + "det", A("sq64", m[0] + 2 * np.eye(4), "float64"))
    C(L + "inv", sq, _batch=True)
    # (Keras 3.15's symbolic eig says float32 and lu_factor's pivots float32; eager gives
    # complex64 and int32, which torcheras's specs say too.)
    C(L + "eig", A("sym_eig", np.array([[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]])),
      _compare="abs", _symbolic=False)
    C(L + "eigh", spd, _compare="abs", _batch=True)
    C(L + "lu_factor", sq, _symbolic=False)
    C(L + "lu_factor", A("lu_rect", n(0, 1, (4, 3))), _symbolic=False)
    v = A("nv", n(0, 1, (3, 4)))
    C(L + "norm", v, _batch=True)
    for ord_ in (None, "fro", "nuc", 1, -1, 2, -2, float("inf"), float("-inf")):
        C(L + "norm", v, ord=ord_, axis=(0, 1))
    for ord_ in (None, 1, 3, 0, float("inf"), -2):
        C(L + "norm", v, ord=ord_, axis=1, keepdims=True)
    C(L + "norm", A("nv_i", [[3, 4], [0, 5]], "int32"))
    C(L + "norm", A("nv_i64", [[3, 4], [0, 5]], "int64"), axis=0)
    C(L + "norm", v, ord="fro", axis=1, _symbolic=False)
    C(L + "norm", v, ord=3, axis=(0, 1), _symbolic=False)
    C(L + "norm", v, ord="bad", _symbolic=False)
    C(L + "qr", rect, _compare="abs", _batch=True)
    C(L + "qr", rect, mode="complete", _compare="abs")
    C(L + "qr", rect, mode="raw", _symbolic=False)
    b = A("rhs", n(0, 1, (2, 4, 2)))
    C(L + "solve", sq, b, _batch=True)
    C(L + "solve", A("sq1", m[0] + 3 * np.eye(4)), A("rhs1", n(0, 1, 4)))
    tri = A("tri", np.triu(m) + 3 * np.eye(4))
    C(L + "solve_triangular", tri, b)
    C(L + "solve_triangular", A("tril", np.tril(m) + 3 * np.eye(4)), b, lower=True)
    C(L + "solve_triangular", A("tri1", np.triu(m[0]) + 3 * np.eye(4)), A("rhs2", n(0, 1, 4)))
    C(L + "svd", rect, compute_uv=False, _batch=True)
    C(L + "svd", rect, _compare="abs")
    C(L + "svd", wide, full_matrices=False, _compare="abs")
    C(L + "lstsq", A("ls_a", n(0, 1, (6, 3))), A("ls_b", n(0, 1, (6, 2))))
    C(L + "lstsq", A("ls_a2", n(0, 1, (6, 3))), A("ls_b2", n(0, 1, 6)))
    C(L + "lstsq", A("ls_a3", n(0, 1, (3, 5))), A("ls_b3", n(0, 1, 3)), rcond=1e-6)
    C(L + "matrix_rank", A("rank2", np.outer([1.0, 2, 3], [1.0, 0, 1]) + np.outer([0.0, 1, 0], [2.0, 1, 1])))
    C(L + "matrix_rank", rect, _batch=True)
    C(L + "matrix_rank", A("rank_tol", np.diag([1.0, 1e-3, 1e-6])), tol=1e-4)
    C(L + "pinv", rect, _batch=True)
    C(L + "pinv", A("pinv_r", np.diag([1.0, 1e-3, 1e-9])), rcond=1e-6)
    jx, jy = A("jvp_x", n(0, 1, (2, 3))), A("jvp_y", n(0, 1, (2, 3)))
    # (Keras's torch jvp only takes torch tensors; torcheras converts arrays too.)
    C(L + "jvp", {"fn": "poly"}, {"t": [jx, jy]}, {"t": [A("jvp_tx", np.ones((2, 3))), A("jvp_ty", n(0, 1, (2, 3)))]},
      _symbolic=False, _tensors=True)
    C(L + "jvp", {"fn": "aux"}, {"t": [jx]}, {"t": [A("jvp_t1", n(0, 1, (2, 3)))]}, has_aux=True,
      _symbolic=False, _tensors=True)
    # Bad inputs.
    C(L + "inv", A("vec", n(0, 1, 4)), _symbolic=False)
    C(L + "inv", rect, _symbolic=False)
    C(L + "solve", sq, A("rhs_bad", n(0, 1, (2, 3, 2))), _symbolic=False)
    C(L + "lstsq", A("ls_bad", n(0, 1, (2, 3, 2))), A("ls_bad_b", n(0, 1, 3)), _symbolic=False)
    C(L + "cholesky", A("not_pd", [[1.0, 2.0], [2.0, 1.0]]), _symbolic=False)
    C("ops.norm", v, ord=2, axis=0)
    C("ops.solve", sq, b)


def _image(C, A, n):  # noqa: N803
    img_u = RNG.uniform(0, 1, (2, 6, 7, 3))
    img = A("im", img_u)
    img1 = A("im1", img_u[0])
    img_cf = A("im_cf", img_u.transpose(0, 3, 1, 2))
    img_i = A("im_i", RNG.integers(0, 255, (2, 6, 7, 3)), "uint8")
    I = "ops.image."  # noqa: E741
    C(I + "rgb_to_grayscale", img, _batch=True)
    C(I + "rgb_to_grayscale", img_cf, data_format="channels_first")
    C(I + "rgb_to_grayscale", img_i)
    C(I + "rgb_to_hsv", img, _batch=True)
    C(I + "rgb_to_hsv", A("im_gray", np.repeat(img_u[..., :1], 3, axis=-1)))
    C(I + "rgb_to_hsv", img_cf, data_format="channels_first")
    hsv = A("hsv", np.stack([RNG.uniform(0, 1, (2, 5, 4)), RNG.uniform(0, 1, (2, 5, 4)),
                             RNG.uniform(0, 1, (2, 5, 4))], -1))
    C(I + "hsv_to_rgb", hsv, _batch=True)
    C(I + "hsv_to_rgb", img1)
    C(I + "rgb_to_hsv", img_i, _symbolic=False)
    for interp in ("bilinear", "nearest", "bicubic"):
        C(I + "resize", img, (4, 5), interpolation=interp, _batch=True)
        C(I + "resize", img, (9, 13), interpolation=interp)
    C(I + "resize", img, (3, 3), antialias=True)
    C(I + "resize", img, (4, 4), crop_to_aspect_ratio=True)
    C(I + "resize", img, (4, 4), pad_to_aspect_ratio=True, fill_value=0.5)
    C(I + "resize", img_cf, (5, 3), data_format="channels_first")
    C(I + "resize", img1, (3, 8))
    C(I + "resize", img_i, (4, 5))
    C(I + "resize", img, (4, 5), interpolation="lanczos3", _symbolic=False)
    C(I + "resize", img, (4, 4), crop_to_aspect_ratio=True, pad_to_aspect_ratio=True,
      _symbolic=False)
    tf_ = A("tf", [[1.0, 0.2, 0.5, -0.1, 0.9, 1.0, 0.0, 0.0], [0.8, 0.0, -1.0, 0.0, 1.2, 0.3, 0.0, 0.0]])
    tf1 = A("tf1", [0.5, 0.5, 1.3, -0.5, 0.5, 2.0, 0.0, 0.0])
    for fill in ("constant", "nearest", "wrap", "mirror", "reflect"):
        for interp in ("bilinear", "nearest"):
            C(I + "affine_transform", img, tf_, interpolation=interp, fill_mode=fill,
              fill_value=0.25)
    C(I + "affine_transform", img_cf, tf_, data_format="channels_first", _batch=True)
    C(I + "affine_transform", img1, tf1)
    C(I + "affine_transform", img, tf_, interpolation="bicubic", _symbolic=False)
    sp = A("sp", [[0, 0], [6, 0], [0, 5], [6, 5]])
    ep = A("ep", [[1, 0], [5, 1], [0, 4], [6, 5]])
    C(I + "perspective_transform", img, sp, ep, _batch=True)
    C(I + "perspective_transform", img, A("sp2", [[[0, 0], [6, 0], [0, 5], [6, 5]], [[0.5, 0.5], [6, 0], [0, 5], [5.5, 4.5]]]),
      A("ep2", [[[1, 1], [5, 0], [0, 5], [6, 4]], [[0, 0], [6, 0], [0, 5], [6, 5]]]), interpolation="nearest", fill_value=1.0)
    C(I + "perspective_transform", img_cf, sp, ep, data_format="channels_first")
    C(I + "perspective_transform", img, A("sp_bad", [[0, 0], [1, 1], [2, 2]]), ep, _symbolic=False)
    arr = A("mc_in", n(0, 1, (5, 6)))
    coords = A("mc_c", np.stack([RNG.uniform(-2, 7, (3, 4)), RNG.uniform(-2, 8, (3, 4))]))
    for fill in ("constant", "nearest", "wrap", "mirror", "reflect"):
        C(I + "map_coordinates", arr, coords, 1, fill_mode=fill, fill_value=-1.0)
    C(I + "map_coordinates", arr, coords, 0)
    C(I + "map_coordinates", A("mc_in3", n(0, 1, (3, 4, 5))),
      A("mc_c3", np.stack([RNG.uniform(0, 2, 6), RNG.uniform(0, 3, 6), RNG.uniform(0, 4, 6)])), 1)
    C(I + "map_coordinates", arr, coords, 3, _symbolic=False)
    C(I + "map_coordinates", arr, A("mc_c1", RNG.uniform(0, 2, (1, 4))), 1, _symbolic=False)
    C(I + "pad_images", img, 1, 2, 0, 1, _batch=True)
    C(I + "pad_images", img1, top_padding=2, target_height=9, left_padding=0, target_width=8)
    C(I + "pad_images", img_cf, bottom_padding=1, target_height=8, right_padding=2, target_width=10,
      data_format="channels_first")
    C(I + "pad_images", img, 1, 2, _symbolic=False)
    C(I + "pad_images", img, top_padding=3, target_height=5, left_padding=0, right_padding=0,
      _symbolic=False)
    C(I + "crop_images", img, 1, 2, 0, 1, _batch=True)
    C(I + "crop_images", img1, top_cropping=2, target_height=3, left_cropping=1, target_width=4)
    C(I + "crop_images", img_cf, bottom_cropping=1, target_height=4, right_cropping=2, target_width=3,
      data_format="channels_first")
    # (Keras 3.15's eager gaussian_blur reads data_format=None as channels_first; its
    # symbolic op and its docs say the global default: the cases name the format.)
    cl = "channels_last"
    C(I + "gaussian_blur", img, data_format=cl, _batch=True)
    C(I + "gaussian_blur", img, (5, 5), (2.0, 2.0), data_format=cl)
    C(I + "gaussian_blur", img_cf, (3, 3), (0.5, 0.5), data_format="channels_first")
    C(I + "gaussian_blur", img, (3, 5), (1.0, 2.0), data_format=cl,
      _backend="jax")  # (torch: non-square kernels scrambled)
    C(I + "sobel_edges", img, _batch=True)
    C(I + "sobel_edges", img_cf, data_format="channels_first")
    big_u = RNG.uniform(0, 1, (2, 16, 16, 3))
    big = A("ssim_a", big_u)
    big2 = A("ssim_b", np.clip(RNG.uniform(0, 1, (2, 16, 16, 3)) * 0.3 + big_u, 0, 1))
    C(I + "ssim", big, big2, _batch=True)
    C(I + "ssim", big, big2, max_val=2.0, filter_size=5, filter_sigma=1.0, k1=0.02, k2=0.05)
    C(I + "ssim", A("ssim_c", RNG.uniform(0, 1, (16, 12, 1))), A("ssim_d", RNG.uniform(0, 1, (16, 12, 1))))
    patches_in = A("pt_in", n(0, 1, (2, 8, 9, 2)))
    C(I + "extract_patches", patches_in, 2, _batch=True)
    C(I + "extract_patches", patches_in, (3, 2), strides=(2, 3), padding="same")
    C(I + "extract_patches", patches_in, 3, strides=1, dilation_rate=2)
    C(I + "extract_patches", A("pt_cf", n(0, 1, (2, 3, 6, 6))), 2, data_format="channels_first")
    C(I + "extract_patches", A("pt_1", n(0, 1, (6, 6, 1))), (2, 3))
    vol = A("vol_in", n(0, 1, (2, 4, 6, 6, 2)))
    C(I + "extract_patches_3d", vol, 2, _batch=True)
    C(I + "extract_patches_3d", vol, (2, 3, 2), strides=(1, 2, 2), padding="same")
    C(I + "extract_patches", vol, (2, 2, 3))
    st_in = A("sat_in", n(0, 1, (2, 5, 6, 1)))
    for method in ("linear", "cubic", "lanczos3", "lanczos5"):
        C(I + "scale_and_translate", st_in, (2, 8, 4, 1), A(f"sat_s_{method}", [1.6, 0.7]),
          A(f"sat_t_{method}", [0.3, -0.2]), (1, 2), method, _symbolic=False)
    C(I + "scale_and_translate", st_in, (2, 3, 9, 1), A("sat_s2", [0.6, 1.5]),
      A("sat_t2", [0.0, 0.5]), (1, 2), "bilinear", antialias=False, _symbolic=False)
    # Keras's torch backend draws the elastic fields unseeded: shapes and dtypes only.
    C(I + "elastic_transform", img, _values=False, _batch=True)
    C(I + "elastic_transform", img_cf, 5.0, 2.0, data_format="channels_first", _values=False)


def _random(C, A, n):  # noqa: N803
    """keras.random: Keras's torch backend seeds a torch.Generator with (seed + counter)
    mod 2**32, and torcheras does the same, so the draws match exactly."""
    R = "random."  # noqa: N806
    for seed in (0, 42, 2**31 + 5):
        C(R + "normal", (3, 4), seed=seed, _symbolic=False)
    C(R + "normal", (2, 5), mean=2.0, stddev=0.5, dtype="float64", seed=7, _symbolic=False)
    C(R + "normal", (3,), seed={"seed_generator": 11}, _repeat=3, _symbolic=False)
    C(R + "normal", (4,), _repeat=2, _symbolic=False, _set_seed=123)  # global generator
    C(R + "uniform", (3, 4), seed=1, _symbolic=False)
    C(R + "uniform", (), minval=-2.0, maxval=3.0, seed=5, _symbolic=False)
    C(R + "uniform", (2, 3), dtype="float64", seed={"seed_generator": 3}, _repeat=2,
      _symbolic=False)
    C(R + "uniform", (2,), dtype="int32", seed=1, _symbolic=False)
    C(R + "randint", (4, 5), 0, 10, seed=3, _symbolic=False)
    C(R + "randint", (6,), -5, 5, dtype="int64", seed={"seed_generator": 9}, _repeat=2,
      _symbolic=False)
    C(R + "randint", (2,), 0, 5, dtype="float32", seed=1, _symbolic=False)
    C(R + "truncated_normal", (5, 6), seed=4, _symbolic=False)
    C(R + "truncated_normal", (50,), mean=1.0, stddev=3.0, seed=8, _symbolic=False)
    drop_in = A("drop_in", RNG.uniform(1, 2, (4, 6)))
    C(R + "dropout", drop_in, 0.5, seed=2, _symbolic=False, _tensors=True)
    C(R + "dropout", drop_in, 0.3, noise_shape=(1, 6), seed=3, _symbolic=False, _tensors=True)
    C(R + "dropout", drop_in, 0.25, noise_shape=(None, 1), seed={"seed_generator": 4},
      _repeat=2, _symbolic=False, _tensors=True)
    C(R + "dropout", drop_in, 0.5, _symbolic=False, _tensors=True, _set_seed=5)  # unseeded: torch's dropout
    C(R + "dropout", drop_in, 1.0, seed=1, _symbolic=False, _tensors=True)
    C(R + "dropout", drop_in, 0.0, seed=1, _symbolic=False, _tensors=True)
    sh = A("shuf_in", np.arange(24).reshape(4, 6), "int32")
    C(R + "shuffle", sh, seed=6, _symbolic=False)
    C(R + "shuffle", sh, axis=1, seed=6, _symbolic=False)
    C(R + "shuffle", A("shuf_3", np.arange(24.0).reshape(2, 3, 4)), axis=1,
      seed={"seed_generator": 1}, _repeat=2, _symbolic=False)
    logits = A("cat_logits", [[0.0, 1.0, 2.0], [3.0, -1.0, 0.5]])
    C(R + "categorical", logits, 8, seed=10, _symbolic=False)
    C(R + "categorical", logits, 5, dtype="int64", seed={"seed_generator": 2}, _repeat=2,
      _symbolic=False)
    C(R + "categorical", A("cat_bad", [1.0, 2.0]), 3, seed=1, _symbolic=False)
    C(R + "gamma", (3, 4), alpha=2.5, seed=12, _symbolic=False)
    C(R + "gamma", (4,), alpha=A("gamma_a", [0.5, 1.0, 2.0, 5.0]), dtype="float64", seed=3,
      _symbolic=False)
    C(R + "binomial", (3, 4), counts=10, probabilities=0.3, seed=13, _symbolic=False)
    C(R + "binomial", (2, 3), counts=A("bin_c", [[5.0, 10.0, 20.0]]),
      probabilities=A("bin_p", [[0.1], [0.9]]), seed=2, _symbolic=False)
    C(R + "beta", (3, 4), alpha=2.0, beta=5.0, seed=14, _symbolic=False)
    C(R + "beta", (5,), alpha=0.5, beta=0.5, seed={"seed_generator": 8}, _repeat=2,
      _symbolic=False)
    C(R + "normal", (2,), seed="abc", _symbolic=False)


def _edges(C, A, n):  # noqa: N803
    """Empty arrays, negative axes, degenerate sizes."""
    empty = A("empty", np.zeros((0, 3)))
    empty_img = A("empty_img", np.zeros((0, 5, 5, 2)))
    C("ops.nn.softmax", empty)
    C("ops.nn.relu", empty)
    C("ops.nn.log_softmax", A("x_neg", n(0, 1, (2, 3, 4))), axis=-2)
    C("ops.nn.conv", empty_img, A("k_e", n(0, 1, (3, 3, 2, 4))), padding="same")
    C("ops.nn.max_pool", empty_img, 2)
    C("ops.nn.one_hot", A("lab_e", np.zeros((0,)), "int32"), 4)
    # (Keras's torch backend permutes negative axes wrongly; JAX places them as NumPy.)
    C("ops.nn.one_hot", A("lab_neg_axis", [[1, 0], [2, 3]], "int32"), 4, axis=-2, _backend="jax")
    C("ops.nn.moments", A("xm_neg", n(0, 1, (2, 3, 4))), axes=[-1, -2])
    C("ops.nn.normalize", A("xn_neg", n(0, 1, (2, 3, 4))), axis=-2)
    C("ops.nn.layer_normalization", A("ln_neg", n(0, 1, (2, 3, 4))), axis=-2, _backend="jax")
    C("ops.logsumexp", empty, axis=0)
    C("ops.segment_sum", A("seg_empty", np.zeros((0, 2))), A("seg_ids_e", np.zeros((0,)), "int32"),
      num_segments=3, _symbolic=False)
    C("ops.top_k", A("tk_e", n(0, 1, (2, 5))), 0, _backend="jax")
    C("ops.extract_sequences", A("es_short", n(0, 1, (2, 3))), 5, 1)
    C("ops.linalg.norm", empty)
    C("ops.linalg.norm", A("nrm_neg", n(0, 1, (2, 3, 4))), axis=-1, keepdims=True)
    C("ops.linalg.det", A("det_1", [[[3.0]]]))
    C("ops.linalg.inv", A("inv_1", [[2.0]]))
    C("ops.image.resize", A("rs_1", n(0, 1, (1, 1, 1, 2))), (3, 2))
    C("ops.nn.binary_crossentropy", empty, empty)
    C("ops.nn.categorical_crossentropy", A("cce_e", np.zeros((0, 3))), A("cce_e2", np.zeros((0, 3))))

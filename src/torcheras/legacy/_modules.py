"""Where Keras 1/2 module paths and names live in torcheras (data only, import-free).

``python -m torcheras`` maps ``keras.<path>`` to ``torcheras.legacy.<path>`` for the paths in
``LEGACY_MODULES`` and to ``torcheras.<path>`` otherwise. The modern packages
(``torcheras.layers``, ``torcheras.optimizers``, ``torcheras.utils``, ``torcheras.wrappers``)
serve the legacy names below on first use, without listing them in their ``__all__``: the
``LEGACY_NAMES`` of a package map each name to the legacy module that defines it (``None``
as the attribute: the name is that module itself).
"""

LEGACY_MODULES: frozenset = frozenset({
    "engine",
    "engine.base_layer",
    "engine.input_layer",
    "engine.network",
    "engine.saving",
    "engine.sequential",
    "engine.topology",
    "engine.training",
    "initializations",
    "layers.advanced_activations",
    "layers.convolutional",
    "layers.convolutional_recurrent",
    "layers.core",
    "layers.cudnn_recurrent",
    "layers.embeddings",
    "layers.experimental",
    "layers.experimental.preprocessing",
    "layers.local",
    "layers.merge",
    "layers.noise",
    "layers.normalization",
    "layers.pooling",
    "layers.recurrent",
    "layers.wrappers",
    "objectives",
    "utils.conv_utils",
    "utils.data_utils",
    "utils.generic_utils",
    "utils.io_utils",
    "utils.layer_utils",
    "utils.multi_gpu_utils",
    "utils.np_utils",
    "utils.vis_utils",
    "utils.visualize_util",
    "wrappers.scikit_learn",
})

_L = "torcheras.legacy.layers."

LEGACY_NAMES: dict = {
    "torcheras.layers": {
        "AtrousConvolution1D": (_L + "convolutional", "AtrousConvolution1D"),
        "AtrousConvolution2D": (_L + "convolutional", "AtrousConvolution2D"),
        "AtrousConv1D": (_L + "convolutional", "AtrousConv1D"),
        "AtrousConv2D": (_L + "convolutional", "AtrousConv2D"),
        "Deconv2D": (_L + "convolutional", "Deconv2D"),
        "Deconv3D": (_L + "convolutional", "Deconv3D"),
        "CuDNNGRU": (_L + "cudnn_recurrent", "CuDNNGRU"),
        "CuDNNLSTM": (_L + "cudnn_recurrent", "CuDNNLSTM"),
        "LocallyConnected1D": (_L + "local", "LocallyConnected1D"),
        "LocallyConnected2D": (_L + "local", "LocallyConnected2D"),
        "Merge": (_L + "merge", "Merge"),
        "ThresholdedReLU": (_L + "advanced_activations", "ThresholdedReLU"),
        **{name: (_L + name, None) for name in (
            "advanced_activations", "convolutional_recurrent", "cudnn_recurrent", "embeddings",
            "experimental", "local", "merge", "noise", "recurrent", "wrappers")},
    },
    "torcheras.optimizers": {
        name: ("torcheras.legacy.optimizers", name)
        for name in ("adadelta", "adagrad", "adam", "adamax", "nadam", "rmsprop", "sgd")
    },
    "torcheras.utils": {
        **{name: ("torcheras.legacy.utils." + name, None)
           for name in ("conv_utils", "data_utils", "generic_utils", "io_utils", "layer_utils",
                        "multi_gpu_utils", "np_utils", "vis_utils", "visualize_util")},
        # Keras 2.3's `keras.utils` also exported these from its submodules.
        "GeneratorEnqueuer": ("torcheras.legacy.utils.data_utils", "GeneratorEnqueuer"),
        "HDF5Matrix": ("torcheras.legacy.utils.io_utils", "HDF5Matrix"),
        "OrderedEnqueuer": ("torcheras.legacy.utils.data_utils", "OrderedEnqueuer"),
        "SequenceEnqueuer": ("torcheras.legacy.utils.data_utils", "SequenceEnqueuer"),
        "convert_all_kernels_in_model": ("torcheras.legacy.utils.layer_utils",
                                         "convert_all_kernels_in_model"),
        "multi_gpu_model": ("torcheras.legacy.utils.multi_gpu_utils", "multi_gpu_model"),
        "print_summary": ("torcheras.legacy.utils.layer_utils", "print_summary"),
    },
    "torcheras.wrappers": {"scikit_learn": ("torcheras.legacy.wrappers.scikit_learn", None)},
}


def legacy_target(path: str):
    """``torcheras.legacy.<path>`` for a legacy module path (relative to ``keras``), else None.

    >>> legacy_target("engine.topology"), legacy_target("layers")
    ('torcheras.legacy.engine.topology', None)
    """
    return "torcheras.legacy." + path if path in LEGACY_MODULES else None

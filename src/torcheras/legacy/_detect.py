"""Which Keras generation a program was written for, read from its source.

``python -m torcheras --keras auto program.py`` (the default) runs a program with Keras 2's
defaults when its own text uses spellings only Keras 1/2 had (``nb_epoch``,
``keras.utils.np_utils``, ``Convolution2D(``, ``lr=`` on an optimizer, ``fit_generator(``,
``history['acc']``, Keras-2-only ``K.*`` functions, ``from __future__`` imports or Python 2
syntax, ...) and none that only Keras 3 (or
tf.keras 2.x, which already had Keras 3's defaults) has: ``keras.ops``, ``keras.random``,
``keras_core``, ``tensorflow.keras``. Everything else keeps Keras 3's defaults. The source
is parsed, never run; comments and strings other than log keys do not count.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass

from torcheras.legacy._backend_names import LEGACY_BACKEND_NAMES

# Modules Keras 3 removed (Keras 1/2 import paths).
_KERAS2_MODULES = (
    "keras.engine", "keras.layers.core", "keras.layers.convolutional",
    "keras.layers.recurrent", "keras.layers.embeddings", "keras.layers.normalization",
    "keras.layers.advanced_activations", "keras.layers.pooling", "keras.layers.merge",
    "keras.layers.wrappers", "keras.layers.noise", "keras.layers.local",
    "keras.layers.cudnn_recurrent", "keras.utils.np_utils", "keras.utils.generic_utils",
    "keras.utils.data_utils", "keras.utils.io_utils", "keras.utils.layer_utils",
    "keras.utils.vis_utils", "keras.utils.multi_gpu_utils", "keras.wrappers.scikit_learn",
    "keras.objectives", "keras.preprocessing.text", "keras.backend.tensorflow_backend",
    "keras.backend.theano_backend",
)
# Modules only Keras 3 (or tf.keras 2.x, with Keras 3's defaults) has.
_KERAS3_MODULES = ("keras.ops", "keras.random", "keras.config", "keras.tree",
                   "keras.dtype_policies", "keras.export", "keras.saving", "keras_core",
                   "keras_hub", "keras_nlp", "keras_cv")
_TF_KERAS_MODULES = ("tensorflow.keras", "tf_keras")

# Classes and methods Keras 3 removed: a call to one is a Keras 1/2 program.
_KERAS2_CALLS = frozenset({
    "Convolution1D", "Convolution2D", "Convolution3D", "Deconvolution2D",
    "Deconvolution3D", "AtrousConvolution1D", "AtrousConvolution2D", "Merge",
    "CuDNNLSTM", "CuDNNGRU", "ThresholdedReLU", "LocallyConnected1D", "LocallyConnected2D",
    "fit_generator", "evaluate_generator", "predict_generator", "predict_classes",
    "predict_proba", "image_dim_ordering", "set_image_dim_ordering", "multi_gpu_model",
})
# Keyword arguments only Keras 1/2 understood, on any call.
_KERAS2_KEYWORDS = frozenset({
    "nb_epoch", "nb_filter", "nb_row", "nb_col", "nb_val_samples", "samples_per_epoch",
    "nb_worker", "border_mode", "subsample", "dim_ordering", "W_regularizer",
    "b_regularizer", "W_constraint", "b_constraint", "inner_init", "dropout_W",
    "dropout_U", "consume_less",
})
# Keyword arguments Keras 1/2 understood on class-like calls only (``init`` and
# ``output_dim`` are too common elsewhere; ``Embedding(output_dim=)`` is Keras 3 too).
_KERAS2_CLASS_KEYWORDS = frozenset({"init", "output_dim"})
_OUTPUT_DIM_OK = frozenset({"Embedding"})
_OPTIMIZERS = frozenset({
    "SGD", "RMSprop", "Adam", "Adadelta", "Adagrad", "Adamax", "Nadam", "Ftrl",
    "sgd", "rmsprop", "adam", "adadelta", "adagrad", "adamax", "nadam",
})
# Log keys Keras 2.0-2.2 wrote (history['acc'], monitor='val_acc', '{val_acc:.2f}').
_KERAS2_LOG_KEYS = frozenset({"acc", "val_acc", "mean_absolute_error",
                              "val_mean_absolute_error", "mean_squared_error",
                              "val_mean_squared_error"})
# In a string: a checkpoint file name template (a bare "{acc}" is too common elsewhere).
_LOG_KEY_FIELD = re.compile(r"\{val_acc\b")
# Keras 3's keras.backend: K.<name> of these is no sign of either generation.
_KERAS3_BACKEND = frozenset({
    "backend", "clear_session", "epsilon", "floatx", "get_uid", "image_data_format",
    "is_float_dtype", "is_int_dtype", "is_keras_tensor", "result_type", "set_epsilon",
    "set_floatx", "set_image_data_format", "standardize_dtype",
})
_KERAS2_BACKEND = frozenset(LEGACY_BACKEND_NAMES) - _KERAS3_BACKEND


@dataclass(frozen=True)
class Sign:
    """One spelling that tells a program's Keras generation.

    Args:
        version: ``2`` (Keras 1/2 only) or ``3`` (Keras 3 / tf.keras 2.x only).
        what: The spelling as the message names it (``"nb_epoch"``).
        line: Its first line in the program.
    """

    version: int
    what: str
    line: int


@dataclass(frozen=True)
class Decision:
    """The generation whose defaults a program runs with, and the signs that decided it."""

    version: int
    signs: tuple[Sign, ...]

    def reason(self, limit: int = 4) -> str:
        """``the program uses nb_epoch (line 43), keras.utils.np_utils (line 5)``."""
        deciding = [s for s in self.signs if s.version == self.version]
        if not deciding:
            return "the program uses no Keras 1/2-only spelling"
        shown = ", ".join(f"{s.what} (line {s.line})" for s in deciding[:limit])
        more = len(deciding) - limit
        return f"the program uses {shown}" + (f" and {more} more" if more > 0 else "")


def decide(source: str) -> Decision:
    """The Keras generation ``source`` was written for: ``3`` when it uses anything only
    Keras 3 or tf.keras 2.x has, else ``2`` when it uses a Keras 1/2-only spelling, else ``3``.

    Args:
        source: A program's text.

    >>> decide("model.fit(x, y, nb_epoch=3)").version
    2
    >>> decide("import keras\\nkeras.ops.relu(x)").reason()
    'the program uses keras.ops (line 2)'
    """
    signs = find_signs(source)
    version = 3 if any(s.version == 3 for s in signs) or not signs else 2
    return Decision(version, tuple(signs))


def find_signs(source: str) -> list[Sign]:
    """Every generation-telling spelling in ``source``, first occurrence each, by line."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        found = _scan_tokens(source)
        line = _python2_line(source, error)
        if line is not None:  # Keras <= 2.3 ran on Python 2; Keras 3 needs Python 3.9
            found.append(Sign(2, "Python 2 syntax", line))
        return sorted(found, key=lambda s: (s.line, s.what))
    finder = _SignFinder()
    finder.visit(tree)
    return sorted(finder.signs.values(), key=lambda s: (s.line, s.what))


# Statements only Python 2 parsed: print/exec statements, "except E, e:", backquotes.
_PYTHON2_STATEMENT = re.compile(
    r"^\s*(print\s+[^\s(=.]|print\s*$|exec\s+[\"'\w]|except\s+[\w.]+\s*,\s*\w+\s*:|"
    r".*`\w+`)")


def _python2_line(source: str, error: SyntaxError) -> int | None:
    """The line of the first Python 2-only statement when that is why ``source`` does not
    parse, else ``None`` (a plain syntax error says nothing about the Keras generation)."""
    for number, text in enumerate(source.splitlines(), start=1):
        if _PYTHON2_STATEMENT.match(text):
            return number
    if "Missing parentheses in call to" in (error.msg or ""):
        return error.lineno or 1
    return None


def _module_sign(module: str, line: int) -> Sign | None:
    for prefix in _KERAS2_MODULES:
        if module == prefix or module.startswith(prefix + "."):
            return Sign(2, prefix, line)
    for prefix in _KERAS3_MODULES + _TF_KERAS_MODULES:
        if module == prefix or module.startswith(prefix + "."):
            return Sign(3, prefix, line)
    return None


def _dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for a chain of attributes on a name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


class _SignFinder(ast.NodeVisitor):
    def __init__(self) -> None:
        self.signs: dict[str, Sign] = {}
        self.backend_aliases: set[str] = set()  # names bound to keras.backend

    def add(self, version: int, what: str, line: int) -> None:
        if what not in self.signs:
            self.signs[what] = Sign(version, what, line)

    def add_module(self, module: str, line: int) -> None:
        sign = _module_sign(module, line)
        if sign is not None:
            self.add(sign.version, sign.what, line)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.add_module(alias.name, node.lineno)
            if alias.name == "keras.backend" and alias.asname:
                self.backend_aliases.add(alias.asname)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if module == "__future__":
            # Written to run on Python 2 too: Keras <= 2.3 (Keras 3 needs Python 3.9).
            names = ", ".join(alias.name for alias in node.names)
            self.add(2, f"from __future__ import {names}", node.lineno)
        for alias in node.names:
            self.add_module(f"{module}.{alias.name}", node.lineno)
            if module == "keras" and alias.name == "backend":
                self.backend_aliases.add(alias.asname or "backend")
            if alias.name in _KERAS2_CALLS:
                self.add(2, alias.name, node.lineno)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        dotted = _dotted(node)
        if dotted is not None:
            if dotted.startswith("tf.keras"):
                self.add(3, "tf.keras", node.lineno)
            else:
                self.add_module(dotted, node.lineno)
            head, _, name = dotted.rpartition(".")
            if (head in self.backend_aliases or head == "keras.backend") and \
                    name in _KERAS2_BACKEND:
                self.add(2, f"{head}.{name}", node.lineno)
            if head.split(".")[-1] == "np_utils":
                self.add(2, "keras.utils.np_utils", node.lineno)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name in _KERAS2_CALLS:
            self.add(2, f"{name}(", node.lineno)
        for kw in node.keywords:
            if kw.arg is None:
                continue
            if kw.arg in _KERAS2_KEYWORDS:
                self.add(2, kw.arg, node.lineno)
            elif kw.arg in _KERAS2_CLASS_KEYWORDS and name and name[:1].isupper() and not (
                    kw.arg == "output_dim" and name in _OUTPUT_DIM_OK):
                self.add(2, f"{kw.arg}=", node.lineno)
            elif kw.arg in ("lr", "decay") and name in _OPTIMIZERS:
                self.add(2, f"{kw.arg}=", node.lineno)
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        key = node.slice
        if isinstance(key, ast.Constant) and key.value in _KERAS2_LOG_KEYS:
            self.add(2, f"[{key.value!r}]", node.lineno)
        self.generic_visit(node)

    def visit_keyword(self, node: ast.keyword) -> None:
        value = node.value
        if node.arg == "monitor" and isinstance(value, ast.Constant) and \
                value.value in _KERAS2_LOG_KEYS:
            self.add(2, f"monitor={value.value!r}", value.lineno)
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and _LOG_KEY_FIELD.search(node.value):
            self.add(2, "{val_acc}", node.lineno)


def _scan_tokens(source: str) -> list[Sign]:
    """For a program Python 3 cannot parse (a Python 2 program): its imports and keyword
    names, read token by token."""
    signs: dict[str, Sign] = {}
    tokens = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            tokens.append(token)
    except (tokenize.TokenError, SyntaxError):
        pass  # the tokens before the error still count
    names = [t for t in tokens if t.type == tokenize.NAME or t.string in (".", "=")]
    for i, tok in enumerate(names):
        line = tok.start[0]
        if tok.string in ("import", "from"):
            dotted = []
            for nxt in names[i + 1:]:
                if nxt.start[0] != line or nxt.string == "import":
                    break
                dotted.append(nxt.string)
            sign = _module_sign("".join(dotted), line)
            if sign is not None:
                signs.setdefault(sign.what, sign)
        nxt = names[i + 1].string if i + 1 < len(names) else ""
        if tok.string in _KERAS2_KEYWORDS and nxt == "=":
            signs.setdefault(tok.string, Sign(2, tok.string, line))
    return sorted(signs.values(), key=lambda s: (s.line, s.what))

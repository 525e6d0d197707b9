"""Nested structures (lists, tuples, namedtuples, dicts, deques) walked as Keras walks them.

One rule orders every walk: dict keys sorted (``OrderedDict`` keeps its own order), so
``flatten`` and ``pack_sequence_as`` are inverses and structures that are equal up to
dict insertion order flatten alike. Rebuilt dicts keep the key order they came with.
"""

from __future__ import annotations

import collections
import warnings
from collections.abc import Callable, Iterable
from typing import Any


class MAP_TO_NONE:  # noqa: N801 (Keras's public name)
    """Special value for use with `traverse()`: a node mapped to it becomes ``None``."""


_NESTED = (list, tuple, dict, collections.deque)
_END = object()


def is_nested(structure: Any) -> bool:
    """Checks if a given structure is nested.

    Args:
        structure: A structure to check.

    Returns:
        `True` if `structure` is a sequence (list, tuple, namedtuple, deque) or a
        mapping (dict, OrderedDict, defaultdict), `False` otherwise. Strings, sets and
        `None` are leaves.

    Example:

    >>> is_nested(42)
    False
    >>> is_nested({"foo": 42})
    True
    """
    return isinstance(structure, _NESTED)


def _is_namedtuple(x: Any) -> bool:
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def _keys(node: dict) -> list:
    if isinstance(node, collections.OrderedDict):
        return list(node)
    try:
        return sorted(node)
    except TypeError:
        raise TypeError(
            "Dictionaries with non-sortable keys are not supported. "
            f"Received keys: {list(node)!r}"
        ) from None


def _children(node: Any) -> Any:
    """Children of a nested node in walk order (the node itself for lists and tuples)."""
    if isinstance(node, dict):
        return [node[k] for k in _keys(node)]
    if type(node) is list or type(node) is tuple:
        return node
    return list(node)


def _child_keys(node: Any) -> list:
    if isinstance(node, dict):
        return _keys(node)
    return list(range(len(node)))


def _rebuild(node: Any, children: list) -> Any:
    """A node of the same type as ``node`` holding ``children`` (given in walk order)."""
    t = type(node)
    if t is list:
        return children
    if t is tuple:
        return tuple(children)
    if isinstance(node, dict):
        by_key = dict(zip(_keys(node), children))
        items = [(k, by_key[k]) for k in node]
        if isinstance(node, collections.defaultdict):
            return collections.defaultdict(node.default_factory, items)
        if type(node) is dict:
            return dict(items)
        try:
            return type(node)(items)
        except TypeError:
            return dict(items)
    if _is_namedtuple(node):
        return type(node)(*children)
    if type(node) in (list, tuple):
        return type(node)(children)
    if isinstance(node, collections.deque):
        return collections.deque(children, maxlen=node.maxlen)
    try:
        return type(node)(children)
    except TypeError:
        return tuple(children) if isinstance(node, tuple) else list(children)


def flatten(structure: Any) -> list:
    """Flattens a possibly nested structure into a list.

    Dict values come in sorted-key order (an ``OrderedDict`` keeps its own order), the
    convention :func:`pack_sequence_as` follows, so the two are inverses.

    Args:
        structure: An arbitrarily nested structure.

    Returns:
        A list, the flattened version of the input `structure`.

    Example:

    >>> flatten([[1, 2, 3], [4, [5], [[6]]]])
    [1, 2, 3, 4, 5, 6]
    >>> flatten(None)
    [None]
    >>> flatten({100: 'world!', 6: 'Hello'})
    ['Hello', 'world!']
    """
    out: list = []
    _flatten_into(structure, out)
    return out


def _flatten_into(structure: Any, out: list) -> None:
    t = type(structure)
    if t is list or t is tuple:
        for child in structure:
            if isinstance(child, _NESTED):
                _flatten_into(child, out)
            else:
                out.append(child)
    elif isinstance(structure, _NESTED):
        for child in _children(structure):
            _flatten_into(child, out)
    else:
        out.append(structure)


def flatten_with_path(structure: Any) -> list:
    """Flattens a structure into ``(path, leaf)`` pairs.

    A path is the tuple of indices (sequences, namedtuples included) and keys (dicts)
    leading to the leaf.

    Args:
        structure: An arbitrarily nested structure.

    Returns:
        A list of `(path, item)` pairs in :func:`flatten` order.

    Example:

    >>> flatten_with_path([{"foo": 42}])
    [((0, 'foo'), 42)]
    """
    out: list = []

    def walk(node, path):
        if isinstance(node, _NESTED):
            for key, child in zip(_child_keys(node), _children(node)):
                walk(child, path + (key,))
        else:
            out.append((path, node))

    walk(structure, ())
    return out


def _mismatch(a: Any, b: Any) -> ValueError:
    return ValueError(
        "The two structures don't have the same nested structure.\n\n"
        f"First structure: {a!r}\n\nSecond structure: {b!r}"
    )


def _same_node(a: Any, b: Any) -> bool:
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and set(a) == set(b)
    if _is_namedtuple(a) or _is_namedtuple(b):
        return type(a) is type(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b)
    if isinstance(a, collections.deque) or isinstance(b, collections.deque):
        return type(a) is type(b) and len(a) == len(b)
    return isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b)


def _check_same(a: Any, b: Any, top_a: Any, top_b: Any) -> None:
    a_nested, b_nested = isinstance(a, _NESTED), isinstance(b, _NESTED)
    if a_nested != b_nested or (a_nested and not _same_node(a, b)):
        raise _mismatch(top_a, top_b)
    if a_nested:
        for ca, cb in zip(_children(a), _children(b)):
            _check_same(ca, cb, top_a, top_b)


def assert_same_structure(a: Any, b: Any, check_types: Any = None) -> None:
    """Asserts that two structures are nested in the same way.

    Leaves may be anything. At each level the containers must be of the same kind with
    the same length: `dict`, `OrderedDict` and `defaultdict` match when their keys
    match; `list`, `tuple`, `deque` and each namedtuple class are distinct kinds.

    Args:
        a: An arbitrarily nested structure.
        b: An arbitrarily nested structure.
        check_types: Deprecated, has no effect (as in Keras 3). For a looser check use
            :func:`assert_same_paths`.

    Raises:
        ValueError: If the two structures `a` and `b` don't match.

    Example:

    >>> assert_same_structure([(0, 1)], [(2, 3)])
    >>> assert_same_structure([0, 1], (2, 3))
    Traceback (most recent call last):
        ...
    ValueError: The two structures don't have the same nested structure.
    <BLANKLINE>
    First structure: [0, 1]
    <BLANKLINE>
    Second structure: (2, 3)
    """
    if check_types is not None:
        warnings.warn(
            "The `check_types` argument is deprecated and no longer has any effect, "
            "please remove. For a looser check, use `keras.tree.assert_same_paths()`.",
            DeprecationWarning,
            stacklevel=2,
        )
    _check_same(a, b, a, b)


def assert_same_paths(a: Any, b: Any) -> None:
    """Asserts that two structures have the same paths, ignoring the container types.

    Args:
        a: An arbitrarily nested structure.
        b: An arbitrarily nested structure.

    Raises:
        ValueError: If the paths differ; the message lists the differing paths.

    Example:

    >>> assert_same_paths([0, 1], (2, 3))
    """
    a_paths = {path for path, _ in flatten_with_path(a)}
    b_paths = {path for path, _ in flatten_with_path(b)}
    if a_paths != b_paths:
        msg = "`a` and `b` don't have the same paths."
        if a_paths - b_paths:
            msg += f"\nPaths in `a` missing in `b`:\n{a_paths - b_paths}"
        if b_paths - a_paths:
            msg += f"\nPaths in `b` missing in `a`:\n{b_paths - a_paths}"
        raise ValueError(msg)


def map_structure(func: Callable, *structures: Any, none_is_leaf: bool = True) -> Any:
    """Maps `func` through given structures.

    Args:
        func: A callable taking as many arguments as there are structures.
        *structures: Arbitrarily nested structures of the same layout.
        none_is_leaf: If True, `func` is called on `None` leaves. If False, `None`
            values are returned as they are (all structures must have `None` there).

    Returns:
        A new structure with the same layout as the given ones.

    Raises:
        ValueError: If `structures` is empty or the structures don't match (see
            :func:`assert_same_structure`).

    Example:

    >>> map_structure(lambda v: v**2, [[1], [2], [3]])
    [[1], [4], [9]]
    >>> map_structure(lambda x, y: x * y, [1, (2,)], [3, (4,)])
    [3, (8,)]
    """
    if not structures:
        raise ValueError("Must provide at least one structure")
    if not callable(func):
        raise TypeError(f"`func` must be callable. Received: func={func!r}")
    first = structures[0]
    if len(structures) == 1:
        return _map_one(func, first, none_is_leaf)
    for other in structures[1:]:
        _check_same(first, other, first, other)
    return _map(func, structures, none_is_leaf)


def _map_one(func: Callable, node: Any, none_is_leaf: bool) -> Any:
    t = type(node)
    if t is list:
        return [_map_one(func, c, none_is_leaf) for c in node]
    if t is tuple:
        return tuple([_map_one(func, c, none_is_leaf) for c in node])
    if t is dict:
        # func sees the values in the dict's own order, as with Keras's torch backend.
        return {k: _map_one(func, v, none_is_leaf) for k, v in node.items()}
    if isinstance(node, _NESTED):
        return _rebuild(node, [_map_one(func, c, none_is_leaf) for c in _children(node)])
    if node is None and not none_is_leaf:
        return None
    return func(node)


def _map(func: Callable, nodes: tuple, none_is_leaf: bool) -> Any:
    first = nodes[0]
    if isinstance(first, _NESTED):
        columns = zip(*(_children(n) for n in nodes))
        return _rebuild(first, [_map(func, col, none_is_leaf) for col in columns])
    if first is None and not none_is_leaf:
        if any(n is not None for n in nodes):
            raise ValueError(
                "Structure mismatch: some arguments are None, others are not. "
                f"Received arguments: {nodes}."
            )
        return None
    return func(*nodes)


def map_structure_up_to(shallow_structure: Any, func: Callable, *structures: Any) -> Any:
    """Maps `func` through `structures`, only as deep as `shallow_structure` goes.

    Args:
        shallow_structure: A structure whose layout all `structures` share at the top.
        func: A callable taking as many arguments as there are structures.
        *structures: Structures at least as deep as `shallow_structure`; what lies below
            its leaves is passed to `func` whole.

    Returns:
        A new structure with the layout of `shallow_structure`.

    Raises:
        ValueError: If `structures` is empty or one of them doesn't match
            `shallow_structure` down to its leaves.

    Example:

    >>> map_structure_up_to([None, None], len, [[1, 1], [2, 2]])
    [2, 2]
    >>> map_structure_up_to([None, [None, None]], str, [[1, 1], [2, 2]])
    ['[1, 1]', ['2', '2']]
    """
    if not structures:
        raise ValueError("Must provide at least one structure")

    def walk(shallow, nodes):
        if not isinstance(shallow, _NESTED):
            return func(*nodes)
        for node in nodes:
            if not isinstance(node, _NESTED) or not _same_node(shallow, node):
                raise _mismatch(shallow_structure, node)
        columns = zip(*(_children(n) for n in nodes))
        return _rebuild(shallow, [walk(s, col) for s, col in zip(_children(shallow), columns)])

    return walk(shallow_structure, structures)


def pack_sequence_as(structure: Any, flat_sequence: Iterable) -> Any:
    """Packs a flat sequence into the layout of `structure` (inverse of :func:`flatten`).

    Args:
        structure: Arbitrarily nested structure.
        flat_sequence: Flat sequence to pack, in :func:`flatten` order.

    Returns:
        `flat_sequence` arranged as `structure` (dicts keep `structure`'s key order).

    Raises:
        TypeError: If `flat_sequence` is not iterable.
        ValueError: If `flat_sequence` has too few or too many elements.

    Example:

    >>> pack_sequence_as({"key3": "", "key1": "", "key2": ""}, ["v1", "v2", "v3"])
    {'key3': 'v3', 'key1': 'v1', 'key2': 'v2'}
    >>> pack_sequence_as((("a", "b"), ("c", "d", "e"), "f"), [1, 2, 3, 4, 5, 6])
    ((1, 2), (3, 4, 5), 6)
    """
    if isinstance(flat_sequence, (str, bytes)) or not isinstance(flat_sequence, Iterable):
        raise TypeError(
            "Attempted to pack value into a structure, but the value is not a sequence. "
            f"Received: flat_sequence={flat_sequence!r}"
        )
    flat = flat_sequence if type(flat_sequence) is list else list(flat_sequence)
    it = iter(flat)

    def pack(node):
        if isinstance(node, _NESTED):
            return _rebuild(node, [pack(c) for c in _children(node)])
        return next(it)

    try:
        packed = pack(structure)
        complete = next(it, _END) is _END
    except StopIteration:
        complete = False
    if not complete:
        expected = len(flatten(structure))
        raise ValueError(
            f"The target structure has {expected} leaves, but `flat_sequence` has "
            f"{len(flat)} elements. Received: structure={structure!r}, "
            f"flat_sequence={flat!r}"
        )
    return packed


def traverse(func: Callable, structure: Any, top_down: bool = True) -> Any:
    """Traverses a nested structure depth-first, applying `func` to every node.

    With `top_down=True`, `func` sees a node before its children: a return of `None`
    means "keep going into this node", anything else replaces the node (its children
    are not visited). With `top_down=False`, children are traversed first and `func`
    sees the node rebuilt from them; `None` keeps it. Returning `MAP_TO_NONE` puts a
    real `None` in the output.

    Args:
        func: The function applied to each node (subtrees and leaves).
        structure: The structure to traverse.
        top_down: Parents before children (True) or after (False).

    Returns:
        The structured output from the traversal.

    Raises:
        TypeError: If `func` is not callable.

    Example:

    >>> traverse(lambda x: None if isinstance(x, list) else x * 10, [1, [2, 3]])
    [10, [20, 30]]
    """
    if not callable(func):
        raise TypeError(f"`func` must be callable. Received: func={func!r}")

    def children_of(node):
        if not isinstance(node, _NESTED):
            return node
        return _rebuild(node, [visit(c) for c in _children(node)])

    def visit(node):
        if top_down:
            result = func(node)
            if result is None:
                return children_of(node)
        else:
            node = children_of(node)
            result = func(node)
            if result is None:
                return node
        return None if result is MAP_TO_NONE else result

    return visit(structure)


def lists_to_tuples(structure: Any) -> Any:
    """Returns the structure with list instances changed to tuples.

    Args:
        structure: Arbitrarily nested structure.

    Returns:
        The same structure with tuples where there were lists.

    Example:

    >>> lists_to_tuples([1, [2, {"a": [3]}]])
    (1, (2, {'a': (3,)}))
    """
    return traverse(lambda x: tuple(x) if isinstance(x, list) else None, structure,
                    top_down=False)


def _is_shape(x: Any) -> bool:
    return isinstance(x, (list, tuple)) and all(
        e is None or (isinstance(e, int) and not isinstance(e, bool)) for e in x)


def map_shape_structure(func: Callable, structure: Any) -> Any:
    """Variant of :func:`map_structure` that treats shape tuples as leaves.

    Lists or tuples whose items are all ints or `None` are shapes and passed to `func`.

    Args:
        func: The function applied to each shape (and any other leaf).
        structure: Arbitrarily nested structure.

    Returns:
        The same structure with `func` applied.

    Example:

    >>> map_shape_structure(len, {"x": (None, 3), "y": [(1, 2), (4,)]})
    {'x': 2, 'y': [2, 1]}
    """
    def walk(node):
        if _is_shape(node) or not isinstance(node, _NESTED):
            return func(node)
        return _rebuild(node, [walk(c) for c in _children(node)])

    return walk(structure)

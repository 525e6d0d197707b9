"""keras.tree: values from Keras 3.15 (optree semantics: dict keys sorted when walking,
original key order kept when rebuilding, namedtuple paths are indices)."""

import collections
import doctest

import pytest

from torcheras import tree
from torcheras.tree import _tree

P = collections.namedtuple("P", ["b", "a"])


def test_doctests():
    result = doctest.testmod(_tree, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 10 and result.failed == 0


@pytest.mark.parametrize("structure, expected", [
    (None, [None]),
    (1, [1]),
    ([None, 1, (None,)], [None, 1, None]),
    ({"b": 1, "a": [2, 3], "c": None}, [2, 3, 1, None]),
    (collections.OrderedDict([("b", 1), ("a", 2)]), [1, 2]),
    (P(1, 2), [1, 2]),
    ([[], (), {}], []),
    ({100: "world!", 6: "Hello"}, ["Hello", "world!"]),
    (collections.deque([1, [2]]), [1, 2]),
    ("abc", ["abc"]),
])
def test_flatten(structure, expected):
    assert tree.flatten(structure) == expected


@pytest.mark.parametrize("structure, expected", [
    (None, False), (P(1, 2), True), ("ab", False), ({1}, False),
    (collections.deque([1]), True), ([], True), ({}, True), (3.0, False),
])
def test_is_nested(structure, expected):
    assert tree.is_nested(structure) is expected


def test_map_structure():
    out = tree.map_structure(lambda x: x, {"b": 1, "a": 2})
    assert list(out) == ["b", "a"]
    assert tree.map_structure(lambda x: 0 if x is None else x, [None, 1]) == [0, 1]
    assert tree.map_structure(lambda x: 0, [None, 1], none_is_leaf=False) == [None, 0]
    assert tree.map_structure(lambda x, y: x + y, [1, (2,)], [3, (4,)]) == [4, (6,)]
    out = tree.map_structure(lambda x: x * 2, P(1, 2))
    assert type(out) is P and out == P(2, 4)
    dd = collections.defaultdict(list, {"b": 1, "a": 2})
    out = tree.map_structure(lambda x: x + 1, dd)
    assert isinstance(out, collections.defaultdict) and out.default_factory is list
    assert dict(out) == {"b": 2, "a": 3}


def test_pack_sequence_as():
    out = tree.pack_sequence_as({"b": 0, "a": [0, 0]}, [1, 2, 3])
    assert out == {"b": 3, "a": [1, 2]} and list(out) == ["b", "a"]
    assert tree.pack_sequence_as(0, [5]) == 5
    assert tree.pack_sequence_as([None, 0], [1, 2]) == [1, 2]
    nested = {"key3": {"c": ("alpha", "beta"), "a": "gamma"}, "key1": {"e": "v", "d": "w"}}
    flat = tree.flatten(nested)
    assert flat == ["w", "v", "gamma", "alpha", "beta"]
    assert tree.pack_sequence_as(nested, flat) == nested


def test_flatten_with_path():
    assert tree.flatten_with_path({"b": [1, 2], "a": P(3, 4)}) == [
        (("a", 0), 3), (("a", 1), 4), (("b", 0), 1), (("b", 1), 2)]
    assert tree.flatten_with_path(7) == [((), 7)]


def test_traverse_and_friends():
    fn = lambda x: None if isinstance(x, (list, tuple)) else x * 10  # noqa: E731
    assert tree.traverse(fn, [1, (2, 3)]) == [10, (20, 30)]
    assert tree.traverse(fn, [1, (2, 3)], top_down=False) == [10, (20, 30)]
    m2n = lambda x: tree.MAP_TO_NONE if x == 2 else None  # noqa: E731
    assert tree.traverse(m2n, [1, (2, 3)]) == [1, (None, 3)]
    # Top-down: a replaced node's children are not visited.
    seen = []
    tree.traverse(lambda x: seen.append(x) or ("cut" if isinstance(x, tuple) else None),
                  [1, (2, 3)])
    assert seen == [[1, (2, 3)], 1, (2, 3)]
    assert tree.lists_to_tuples([1, [2, {"a": [3]}]]) == (1, (2, {"a": (3,)}))
    assert tree.map_shape_structure(len, {"x": (None, 3), "y": [(1, 2), (4,)]}) == {
        "x": 2, "y": [2, 1]}
    assert tree.map_structure_up_to([None, [None, None]], str, [[1, 1], [2, 2]]) == [
        "[1, 1]", ["2", "2"]]
    assert tree.map_structure_up_to([None, None], len, [[1, 1], [2, 2]]) == [2, 2]


def test_assert_same():
    tree.assert_same_structure([1, (2,)], [3, (4,)])
    tree.assert_same_structure({"a": 1}, collections.OrderedDict(a=2))
    tree.assert_same_paths([0, 1], (2, 3))
    tree.assert_same_paths(P(0, 1), (2, 3))
    with pytest.warns(DeprecationWarning, match="check_types"):
        tree.assert_same_structure([1], [2], check_types=True)


AltP = collections.namedtuple("P", ["b", "a"])


@pytest.mark.parametrize("call, error, match", [
    (lambda: tree.map_structure(lambda x, y: x, [1, 2], [3]), ValueError,
     "don't have the same nested structure"),
    (lambda: tree.map_structure(lambda x, y: x, [1, 2], (3, 4)), ValueError,
     r"First structure: \[1, 2\]\n\nSecond structure: \(3, 4\)"),
    (lambda: tree.map_structure(lambda x: x), ValueError, "Must provide at least one structure"),
    (lambda: tree.map_structure(3, [1]), TypeError, "`func` must be callable. Received: func=3"),
    (lambda: tree.map_structure(lambda x, y: x, [None], [1], none_is_leaf=False), ValueError,
     "some arguments are None, others are not"),
    (lambda: tree.assert_same_structure([1, 2], (1, 2)), ValueError, "same nested structure"),
    (lambda: tree.assert_same_structure([1, [2]], [1, 2]), ValueError, "same nested structure"),
    (lambda: tree.assert_same_structure({"a": 1}, {"b": 1}), ValueError, "same nested"),
    (lambda: tree.assert_same_structure(P(0, 1), AltP(2, 3)), ValueError, "same nested"),
    (lambda: tree.assert_same_paths([1, 2], [1]), ValueError,
     r"`a` and `b` don't have the same paths.\nPaths in `a` missing in `b`:\n\{\(1,\)\}"),
    (lambda: tree.pack_sequence_as([0, 0], [1]), ValueError,
     "target structure has 2 leaves, but `flat_sequence` has 1 elements"),
    (lambda: tree.pack_sequence_as([0, 0], [1, 2, 3]), ValueError, "has 3 elements"),
    (lambda: tree.pack_sequence_as([0], 5), TypeError, "Received: flat_sequence=5"),
    (lambda: tree.map_structure_up_to([None, [None, None]], str, [[1, 1], 2]), ValueError,
     "same nested structure"),
    (lambda: tree.flatten({1: 0, "a": 1}), TypeError, "non-sortable keys"),
    (lambda: tree.traverse(None, [1]), TypeError, "Received: func=None"),
])
def test_bad_inputs(call, error, match):
    with pytest.raises(error, match=match):
        call()

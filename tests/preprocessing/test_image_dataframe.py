"""``ImageDataGenerator.flow_from_dataframe`` and ``DataFrameIterator`` (Keras 2.2+)."""

import warnings

import numpy as np
import pytest

from torcheras.preprocessing import image
from torcheras.preprocessing.image import ImageDataGenerator

pd = pytest.importorskip("pandas")
pytest.importorskip("PIL")

VALUES = {"a.png": 0, "b.png": 60, "c.png": 120, "d.png": 180}


@pytest.fixture
def folder(tmp_path):
    for name, value in VALUES.items():
        image.save_img(tmp_path / name, np.full((3, 3, 3), value, "float32"), scale=False)
    return tmp_path


def _frame():
    return pd.DataFrame({"filename": list(VALUES), "class": ["cat", "dog", "cat", "dog"],
                         "score": [0.5, 1.5, 2.5, 3.5], "w": [1.0, 2.0, 3.0, 4.0]})


def test_categorical_batches_in_row_order(folder, capsys):
    it = ImageDataGenerator(rescale=1 / 60.0).flow_from_dataframe(
        _frame(), folder, target_size=(2, 2), batch_size=4, shuffle=False)
    assert "Found 4 validated image filenames belonging to 2 classes." in capsys.readouterr().out
    assert it.class_indices == {"cat": 0, "dog": 1}
    bx, by = it[0]
    np.testing.assert_allclose(bx[:, 0, 0, 0], [0, 1, 2, 3], rtol=1e-6)
    np.testing.assert_array_equal(by, np.eye(2)[[0, 1, 0, 1]])


@pytest.mark.parametrize("kwargs, expected_y", [
    ({"class_mode": "sparse"}, [0, 1, 0, 1]),
    ({"class_mode": "binary"}, [0, 1, 0, 1]),
    ({"class_mode": "raw", "y_col": "score"}, [0.5, 1.5, 2.5, 3.5]),
])
def test_class_modes(folder, kwargs, expected_y):
    it = ImageDataGenerator().flow_from_dataframe(_frame(), folder, target_size=(2, 2),
                                                  batch_size=4, shuffle=False, **kwargs)
    np.testing.assert_allclose(it[0][1], expected_y)


def test_multi_output_weights_and_classes_filter(folder):
    df = _frame()
    it = ImageDataGenerator().flow_from_dataframe(
        df, folder, y_col=["score", "w"], class_mode="multi_output", weight_col="w",
        target_size=(2, 2), batch_size=2, shuffle=False)
    bx, (scores, ws), sw = it[1]
    np.testing.assert_array_equal(scores, [2.5, 3.5])
    np.testing.assert_array_equal(sw, [3.0, 4.0])
    only_dogs = ImageDataGenerator().flow_from_dataframe(df, folder, classes=["dog"],
                                                         target_size=(2, 2), shuffle=False)
    assert only_dogs.filenames == ["b.png", "d.png"] and only_dogs.class_indices == {"dog": 0}


def test_invalid_filenames_are_dropped_with_a_warning(folder):
    df = pd.concat([_frame(), pd.DataFrame({"filename": ["missing.png", "notes.txt"],
                                            "class": ["cat", "dog"], "score": [0.0, 0.0],
                                            "w": [1.0, 1.0]})], ignore_index=True)
    with pytest.warns(UserWarning, match=r"Found 2 invalid image filename\(s\)"):
        it = ImageDataGenerator().flow_from_dataframe(df, folder, target_size=(2, 2))
    assert it.samples == 4


def test_full_paths_without_directory_and_subset(folder):
    df = _frame()
    df["filename"] = [str(folder / f) for f in df["filename"]]
    gen = ImageDataGenerator(validation_split=0.5)
    val = gen.flow_from_dataframe(df, subset="validation", target_size=(2, 2), shuffle=False)
    train = gen.flow_from_dataframe(df, subset="training", target_size=(2, 2), shuffle=False)
    assert [f[-5:] for f in val.filenames] == ["a.png", "b.png"]
    assert train.samples == 2


def test_deprecated_keyword_arguments(folder):
    with pytest.warns(DeprecationWarning, match=r"has_ext is deprecated"):
        ImageDataGenerator().flow_from_dataframe(_frame(), folder, has_ext=True,
                                                 target_size=(2, 2))
    with pytest.warns(DeprecationWarning, match=r'"other" is deprecated'):
        it = ImageDataGenerator().flow_from_dataframe(_frame(), folder, y_col="score",
                                                      class_mode="other", target_size=(2, 2))
    assert it.class_mode == "raw"


@pytest.mark.parametrize("kwargs, error, message", [
    ({"class_mode": "onehot"}, ValueError, r"Invalid class_mode: 'onehot'"),
    ({"class_mode": "multi_output"}, TypeError, r"y_col must be a list"),
    ({"y_col": "score", "class_mode": "sparse"}, TypeError, r"column values must be strings"),
    ({"classes": ["cat", "dog", "eel"], "class_mode": "binary"}, ValueError,
     r"there must be 2 classes. Found 3"),
    ({"weight_col": "class"}, TypeError, r"weight_col='class' must be numeric"),
    ({"unknown": 1}, TypeError, r"unexpected keyword arguments: \['unknown'\]"),
])
def test_bad_arguments(folder, kwargs, error, message):
    with pytest.raises(error, match=message):
        ImageDataGenerator().flow_from_dataframe(_frame(), folder, **kwargs)


def test_non_string_filenames():
    with pytest.raises(TypeError, match=r"x_col='filename' must be strings"):
        ImageDataGenerator().flow_from_dataframe(pd.DataFrame({"filename": [1, 2],
                                                               "class": ["a", "b"]}))


def test_classes_ignored_warning(folder):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning, match=r"`classes` will be ignored"):
            ImageDataGenerator().flow_from_dataframe(_frame(), folder, classes=["cat"],
                                                     class_mode=None)

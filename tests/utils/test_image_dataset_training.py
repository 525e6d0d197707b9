"""Acceptance (issue 12): a model learns from a folder of generated PNG images.

A few hundred 32x32 images of three shapes (circle, square, triangle; random position,
size and colours) are written with Pillow; a small CNN with augmentation layers trains on
``image_dataset_from_directory(validation_split=0.2, subset="both")`` and on Keras 2's
``ImageDataGenerator.flow_from_directory``, and classifies the held-out images.
"""

import os

import numpy as np
import pytest
from PIL import Image, ImageDraw

import torcheras as keras
from torcheras import layers
from torcheras.preprocessing.image import ImageDataGenerator

CLASSES = ("circle", "square", "triangle")


def draw_shapes(root, per_class=120, size=32, seed=0):
    """``root/<shape>/<i>.png``: one bright shape on a dark background per image."""
    rng = np.random.RandomState(seed)
    for cls in CLASSES:
        os.makedirs(os.path.join(root, cls), exist_ok=True)
        for i in range(per_class):
            background = tuple(int(v) for v in rng.randint(0, 80, 3))
            colour = tuple(int(v) for v in rng.randint(140, 256, 3))
            img = Image.new("RGB", (size, size), background)
            pen = ImageDraw.Draw(img)
            r = int(rng.randint(6, 12))
            cx, cy = (int(v) for v in rng.randint(r, size - r, 2))
            if cls == "circle":
                pen.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour)
            elif cls == "square":
                pen.rectangle([cx - r, cy - r, cx + r, cy + r], fill=colour)
            else:
                pen.polygon([(cx, cy - r), (cx - r, cy + r), (cx + r, cy + r)], fill=colour)
            img.save(os.path.join(root, cls, f"{i:03d}.png"))


def small_cnn(rescale=True):
    model = keras.Sequential(
        [keras.Input((32, 32, 3))]
        + ([layers.Rescaling(1 / 255)] if rescale else [])
        + [layers.RandomFlip("horizontal"),
           layers.RandomRotation(0.05),
           layers.RandomZoom(0.1),
           layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(),
           layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(),
           layers.Conv2D(64, 3, activation="relu"),
           layers.GlobalAveragePooling2D(),
           layers.Dense(len(CLASSES), activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(3e-3),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


@pytest.fixture(scope="module")
def shapes_dir(tmp_path_factory):
    root = str(tmp_path_factory.mktemp("shapes"))
    draw_shapes(root)
    return root


def test_image_dataset_from_directory_trains_to_high_accuracy(shapes_dir, capsys):
    keras.utils.set_random_seed(0)
    train, val = keras.utils.image_dataset_from_directory(
        shapes_dir, image_size=(32, 32), batch_size=32, validation_split=0.2,
        subset="both", seed=1337)
    assert capsys.readouterr().out == (
        "Found 360 files belonging to 3 classes.\nUsing 288 files for training.\n"
        "Using 72 files for validation.\n")
    assert train.class_names == list(CLASSES)
    assert not set(train.file_paths) & set(val.file_paths)
    model = small_cnn()
    history = model.fit(train, validation_data=val, epochs=25, verbose=0)
    assert history.history["val_accuracy"][-1] >= 0.9
    loss, accuracy = model.evaluate(val, verbose=0)
    assert accuracy >= 0.9
    # predict reads the same lazy dataset: one row per held-out image, in file order.
    probabilities = model.predict(val, verbose=0)
    labels = np.concatenate([y.numpy() for _, y in val])
    assert probabilities.shape == (72, 3)
    assert np.mean(probabilities.argmax(-1) == labels) >= 0.9


def test_flow_from_directory_trains_to_high_accuracy(shapes_dir, capsys):
    keras.utils.set_random_seed(0)
    generator = ImageDataGenerator(rescale=1 / 255, validation_split=0.2)
    train = generator.flow_from_directory(shapes_dir, target_size=(32, 32),
                                          class_mode="sparse", batch_size=32,
                                          subset="training", seed=3)
    val = generator.flow_from_directory(shapes_dir, target_size=(32, 32),
                                        class_mode="sparse", batch_size=32,
                                        subset="validation", shuffle=False)
    assert capsys.readouterr().out == ("Found 288 images belonging to 3 classes.\n"
                                       "Found 72 images belonging to 3 classes.\n")
    model = small_cnn(rescale=False)
    model.fit(train, validation_data=val, epochs=25, verbose=0)
    loss, accuracy = model.evaluate(val, verbose=0)
    assert accuracy >= 0.9

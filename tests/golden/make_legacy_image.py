"""Write golden results of Keras 2's ``keras.preprocessing.image`` computed by tf-keras 2.21.

Run with the reference environment (not part of CI):

    /root/refenv/bin/python tests/golden/make_legacy_image.py
"""

import os
import warnings

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tf_keras  # noqa: E402
from _image_cases import compute  # noqa: E402
from tf_keras.preprocessing import image as keras_image  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "legacy_image")


def main() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = {name: np.asarray(value) for name, value in compute(keras_image).items()}
    os.makedirs(HERE, exist_ok=True)
    np.savez(os.path.join(HERE, "image.npz"), **results)
    print(f"tf-keras {tf_keras.__version__}: wrote {len(results)} cases to {HERE}")


if __name__ == "__main__":
    main()

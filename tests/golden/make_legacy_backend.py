"""Write golden results of Keras 2's backend functions (``K.*``) computed by tf-keras 2.21.

Run with the reference environment (not part of CI):

    /root/refenv/bin/python tests/golden/make_legacy_backend.py
"""

import os

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tf_keras  # noqa: E402
from _legacy_backend_cases import compute  # noqa: E402
from tf_keras import backend as K  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "legacy_backend")


def main() -> None:
    results = {name: np.asarray(value) for name, value in compute(K).items()}
    os.makedirs(HERE, exist_ok=True)
    np.savez(os.path.join(HERE, "backend.npz"), **results)
    print(f"tf-keras {tf_keras.__version__}: wrote {len(results)} cases to {HERE}")


if __name__ == "__main__":
    main()

"""Settings for every test process: the tests and the doctests in src."""

import os

# `pytest -n 2` on two cores runs two workers; if each kept torch's default of one OpenMP
# thread per core, a pool thread waiting for a busy core would stall every parallel kernel
# for a scheduler slice (measured: 7-15 ms for a 64-element log_softmax, 30 ms per GAN
# train_on_batch). One thread per worker keeps the run CPU-bound. The variable is read when
# torch loads OpenMP, which is after this file; subprocesses the tests start inherit it.
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ.setdefault("OMP_NUM_THREADS", "1")

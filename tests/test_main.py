"""``python -m torcheras [--keras 2|3|auto] program.py [args]``: the runner's options, its
stderr line, and the defaults the program then runs with."""

import subprocess
import sys
import textwrap

import pytest

from torcheras import __main__ as runner
from torcheras.legacy._mode import legacy_version

PROBE = textwrap.dedent("""\
    import sys
    import keras
    import torcheras  # keras.config would be a Keras 3 sign of its own
    {extra}
    print(torcheras.config.legacy_defaults(), keras.layers.Dense(1).name,
          round(float(keras.activations.hard_sigmoid([1.0])[0]), 4), sys.argv[1:])
""")


def _run(tmp_path, extra, *options, args=()):
    program = tmp_path / "probe.py"
    program.write_text(PROBE.format(extra=extra))
    return subprocess.run([sys.executable, "-m", "torcheras", *options, str(program), *args],
                          capture_output=True, text=True, timeout=300)


def test_auto_picks_keras2_for_a_keras2_program_and_says_why(tmp_path):
    proc = _run(tmp_path, "from keras.utils import np_utils\nnb_epoch = dict(nb_epoch=3)",
                args=["--keras", "3", "x"])
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines()[0] == (
        "torcheras: running with Keras 2 defaults (--keras auto): the program uses "
        "keras.utils.np_utils (line 4), nb_epoch (line 5)")
    # Keras 2: dense_1, hard_sigmoid(1) = 0.2 + 0.5; the arguments after the program are
    # the program's own, --keras included.
    assert proc.stdout.strip() == "2 dense_1 0.7 ['--keras', '3', 'x']"


def test_auto_keeps_keras3_for_a_neutral_program(tmp_path):
    proc = _run(tmp_path, "x = keras.Input(shape=(3,))")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines()[0] == (
        "torcheras: running with Keras 3 defaults (--keras auto): the program uses no "
        "Keras 1/2-only spelling")
    assert proc.stdout.strip() == "3 dense 0.6667 []"


def test_forced_version_overrides_the_source(tmp_path):
    proc = _run(tmp_path, "y = keras.ops.relu(1.0)", "--keras", "2")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines()[0] == "torcheras: running with Keras 2 defaults (--keras 2)"
    assert proc.stdout.strip() == "2 dense_1 0.7 []"


@pytest.mark.parametrize("options", [["--keras", "4"], ["--keras", "keras2"], ["--keras=1"]])
def test_bad_keras_value_is_an_argparse_error(options, tmp_path, capsys):
    program = tmp_path / "p.py"
    program.write_text("print('ran')\n")
    with pytest.raises(SystemExit) as exit_info:
        runner.main([*options, str(program)])
    assert exit_info.value.code == 2
    value = options[-1].split("=")[-1]
    assert (f"python -m torcheras: error: argument --keras: invalid choice: {value!r} "
            "(choose from '2', '3', 'auto')") in capsys.readouterr().err
    assert legacy_version() == 3


def test_missing_program_and_unreadable_program(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        runner.main([])
    assert exit_info.value.code == 2
    assert "error: the following arguments are required: program" in capsys.readouterr().err
    missing = str(tmp_path / "missing.py")
    with pytest.raises(SystemExit):
        runner.main(["--keras", "auto", missing])
    assert f"error: can't open program {missing!r}: No such file or directory" in \
        capsys.readouterr().err


def test_help_names_the_choices(capsys):
    with pytest.raises(SystemExit) as exit_info:
        runner.main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "usage: python -m torcheras [-h] [--keras {2,3,auto}] program [args ...]" in out


@pytest.mark.parametrize("keras, expected", [
    ("2", (2, "torcheras: running with Keras 2 defaults (--keras 2)")),
    ("3", (3, "torcheras: running with Keras 3 defaults (--keras 3)")),
    ("auto", (2, "torcheras: running with Keras 2 defaults (--keras auto): the program "
                 "uses nb_epoch (line 1)")),
])
def test_choose_version(keras, expected, tmp_path):
    program = tmp_path / "p.py"
    program.write_text("model.fit(x, y, nb_epoch=1)\n")
    assert runner.choose_version(keras, str(program)) == expected

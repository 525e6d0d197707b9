"""Suite-wide collection rules."""

# The golden generators import real Keras (tests/golden/make_*.py, run by hand in the
# reference environment); --doctest-modules must not import them.
collect_ignore_glob = ["golden/make_*.py"]

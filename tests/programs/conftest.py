"""The Keras 1/2 example programs under keras1/ and keras2/ are scripts run through
``python -m torcheras`` by the tests, and _harness/ holds their start-up hook;
--doctest-modules must import none of them."""

collect_ignore_glob = ["keras1/*.py", "keras2/*.py", "_harness/*.py"]

"""RemoteMonitor posts each epoch's logs to a local HTTP server (form field or JSON)."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from _helpers import data, model

import torcheras as keras


@pytest.fixture
def server():
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"path": self.path, "type": self.headers["Content-Type"],
                             "token": self.headers.get("X-Token"), "body": body})
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", received
    httpd.shutdown()
    httpd.server_close()


def _fit(cb, epochs=2):
    x, y = data()
    m = model()
    m.compile("adam", "sparse_categorical_crossentropy")
    return m.fit(x, y, epochs=epochs, verbose=0, callbacks=[cb])


def test_form_post_per_epoch(server):
    root, received = server
    h = _fit(keras.callbacks.RemoteMonitor(root=root, headers={"X-Token": "abc"}))
    assert [r["path"] for r in received] == ["/publish/epoch/end/"] * 2
    assert received[0]["type"] == "application/x-www-form-urlencoded"
    assert received[0]["token"] == "abc"
    for epoch, r in enumerate(received):
        form = urllib.parse.parse_qs(r["body"].decode())
        payload = json.loads(form["data"][0])
        assert payload == {"epoch": epoch, "loss": h.history["loss"][epoch]}


def test_json_post_to_a_custom_path(server):
    root, received = server
    h = _fit(keras.callbacks.RemoteMonitor(root=root, path="/log", send_as_json=True), 1)
    assert received[0]["path"] == "/log"
    assert received[0]["type"] == "application/json"
    assert json.loads(received[0]["body"]) == {"epoch": 0, "loss": h.history["loss"][0]}


def test_unreachable_server_warns():
    cb = keras.callbacks.RemoteMonitor(root="http://127.0.0.1:9", timeout=2)
    with pytest.warns(UserWarning, match="Could not reach RemoteMonitor root server at "
                                         "http://127.0.0.1:9"):
        _fit(cb, 1)


@pytest.mark.parametrize("kwargs, message", [
    ({"root": 9000}, "Argument `root` must be a string. Received: root=9000"),
    ({"field": None}, "Argument `field` must be a string. Received: field=None"),
    ({"headers": ["X: y"]}, "Argument `headers` must be a dict. Received: headers=['X: y']"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(TypeError) as info:
        keras.callbacks.RemoteMonitor(**kwargs)
    assert message in str(info.value)

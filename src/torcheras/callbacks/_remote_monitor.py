"""``RemoteMonitor``: POST each epoch's logs to a server (standard library only)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import warnings

import numpy as np

from torcheras.callbacks._callback import Callback


class RemoteMonitor(Callback):
    """Send ``{"epoch": epoch, **logs}`` to ``root + path`` with an HTTP POST after each epoch.

    Keras needs the ``requests`` package; this uses ``urllib`` and sends the same
    requests: a form field ``field=<json>`` (``application/x-www-form-urlencoded``), or
    with ``send_as_json=True`` the JSON itself (``application/json``).

    Args:
        root: Root URL of the server. Defaults to ``"http://localhost:9000"``.
        path: Path relative to ``root``. Defaults to ``"/publish/epoch/end/"``.
        field: Form field holding the JSON (only when ``send_as_json=False``).
        headers: Optional dict of extra HTTP headers.
        send_as_json: Whether to send the body as ``application/json``.
        timeout: Seconds to wait for the server (not in Keras, which waits forever);
            a server that does not answer gives a warning, not an error.

    Example:

    >>> cb = RemoteMonitor(root="http://127.0.0.1:9000", send_as_json=True)
    >>> cb.root + cb.path
    'http://127.0.0.1:9000/publish/epoch/end/'
    """

    def __init__(self, root: str = "http://localhost:9000", path: str = "/publish/epoch/end/",
                 field: str = "data", headers: dict | None = None, send_as_json: bool = False,
                 timeout: float = 10.0):
        super().__init__()
        for name, value in (("root", root), ("path", path), ("field", field)):
            if not isinstance(value, str):
                raise TypeError(f"Argument `{name}` must be a string. Received: {name}={value!r}")
        if headers is not None and not isinstance(headers, dict):
            raise TypeError(f"Argument `headers` must be a dict. Received: headers={headers!r}")
        self.root = root
        self.path = path
        self.field = field
        self.headers = headers
        self.send_as_json = send_as_json
        self.timeout = timeout

    def on_epoch_end(self, epoch, logs=None):
        send = {"epoch": epoch}
        for k, v in (logs or {}).items():
            send[k] = v.item() if isinstance(v, (np.ndarray, np.generic)) else v
        headers = dict(self.headers or {})
        if self.send_as_json:
            body = json.dumps(send).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        else:
            body = urllib.parse.urlencode({self.field: json.dumps(send)}).encode("utf-8")
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        request = urllib.request.Request(self.root + self.path, data=body, headers=headers,
                                         method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except (urllib.error.URLError, OSError, ValueError):
            warnings.warn(f"Could not reach RemoteMonitor root server at {self.root}",
                          stacklevel=2)

"""Where Keras's console messages go: stdout (interactive) or the ``logging`` module."""

from __future__ import annotations

import logging
import sys

_state = {"interactive": True}
_logger = logging.getLogger("torcheras")


def enable_interactive_logging() -> None:
    """Turn on interactive logging: progress bars and messages go to stdout."""
    _state["interactive"] = True


def disable_interactive_logging() -> None:
    """Turn off interactive logging: messages go to the ``torcheras`` logger instead.

    Keras sends them to ``absl.logging``; we use the standard ``logging`` module so that
    servers can route them like any other log record.
    """
    _state["interactive"] = False


def is_interactive_logging_enabled() -> bool:
    """Return ``True`` when messages are written to stdout (the default)."""
    return _state["interactive"]


def print_msg(message, line_break: bool = True) -> None:
    """Write ``message`` to stdout, or log it when interactive logging is off."""
    message = str(message)
    if not is_interactive_logging_enabled():
        _logger.info(message)
        return
    if line_break:
        message += "\n"
    # Looked up at call time so that redirections (pytest capsys, notebooks) are honoured.
    out = sys.stdout
    try:
        out.write(message)
    except UnicodeEncodeError:
        # A console that cannot show the bar glyph gets Keras 2's "=" bar instead.
        encoding = getattr(out, "encoding", None) or "utf-8"
        message = message.replace("━", "=")
        out.write(message.encode(encoding, errors="ignore").decode(encoding))
    out.flush()

"""Regenerate tests/public_api.json, the pinned public surface (run by hand after adding names)."""

import json
import os

from test_public_api import surface

if __name__ == "__main__":
    path = os.path.join(os.path.dirname(__file__), "public_api.json")
    with open(path, "w") as f:
        json.dump(surface(), f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {path}")

"""Lobby Kiosk: touch-screen patient intake for a ketamine-assisted treatment clinic."""

import os

__version__ = "0.1.0"

# The kiosk uses no pydantic plugins; without this pydantic scans every installed package's
# entry points when the first model is built (about 10 ms of each command's and each
# restart's start). Set before any model exists; a developer's own value wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

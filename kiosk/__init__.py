"""Lobby Kiosk: touch-screen patient intake for a ketamine-assisted treatment clinic."""

__version__ = "0.1.0"

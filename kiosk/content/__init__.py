"""Attract-loop slide deck loading (no Qt)."""

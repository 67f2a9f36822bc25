"""Durable, encrypted submission storage through SQLAlchemy (no Qt)."""

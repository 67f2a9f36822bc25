"""The touch-screen kiosk and the front-desk window (PySide6)."""

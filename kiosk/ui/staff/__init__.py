"""Staff sign-in (names + PIN pad), shared by the kiosk's staff mode and the desk window."""

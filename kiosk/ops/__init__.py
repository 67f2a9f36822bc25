"""Running the kiosk unattended: systemd notify, settings report, deploy files (no Qt)."""

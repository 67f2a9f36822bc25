"""Many kiosks, one clinic: spool delivery, heartbeats, push to desks, escalation (no Qt)."""

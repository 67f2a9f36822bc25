"""One class per kiosk screen; each shows plain state and emits what the patient tapped."""

"""Care across visits: protocol choice, series and trends, the clinic's day report (no Qt)."""

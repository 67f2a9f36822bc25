"""Care over time: protocol choice, a patient's series of visits, trends and treatment response, the clinic's day report (no Qt)."""

"""Care across visits: a patient's series, score trends and treatment response, protocol choice, the clinic's day report (no Qt)."""

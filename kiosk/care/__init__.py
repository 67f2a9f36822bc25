"""Care over time: a patient's series of visits, score trends and treatment response (no Qt)."""

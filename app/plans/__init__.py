"""The year's action plan for the priorities (issue 15)."""

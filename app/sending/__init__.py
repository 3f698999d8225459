"""Sending the signed-off return to the department (issue 16)."""

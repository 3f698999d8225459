"""Trends across every year a partnership holds (issue 15)."""

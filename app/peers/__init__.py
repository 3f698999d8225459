"""Peer review (issue 16): a reviewer from another partnership reads one assessment and challenges it."""

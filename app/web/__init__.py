"""Web parts every blueprint shares: who may use a page (access), and form fields (fields)."""

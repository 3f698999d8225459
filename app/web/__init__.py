"""Web parts shared by the blueprints: access checks and form fields."""

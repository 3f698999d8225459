"""Use cases that combine the domain and the data layer. Each commits once, at its end."""

"""Persistence: SQLAlchemy models and the functions that read and write them.

Routes never import models directly; they call services, which call these functions.
"""

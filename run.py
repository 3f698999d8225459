"""The WSGI entry point: `gunicorn run:app`."""

from app.factory import create_app

app = create_app()

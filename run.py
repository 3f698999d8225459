"""The WSGI entry point: `gunicorn run:app`. It serves pages, so it needs SECRET_KEY in production."""

from app.factory import create_app

app = create_app(serving=True)

"""The Early Help System Guide toolkit.

This package file is empty on purpose: importing ``app.domain`` (or the exporters, which use it)
must not load Flask. The application is built by ``app.factory.create_app``.
"""

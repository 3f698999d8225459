"""Pages anyone can read, and the health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user

from app.services import health
from app.web.access import home_url

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(home_url())
    return render_template("pages/index.html")


@bp.get("/accessibility")
def accessibility():
    return render_template("pages/accessibility.html")


@bp.get("/cookies")
def cookies():
    return render_template("pages/cookies.html")


@bp.get("/privacy")
def privacy():
    return render_template("pages/privacy.html")


@bp.get("/favicon.ico")
def favicon():
    return redirect(url_for("static", filename="images/favicon.ico"), code=301)


@bp.get("/health")
def health_check():
    ok = health.database_ok()
    return jsonify({"status": "ok" if ok else "unavailable", "database": "ok" if ok else "unavailable"}), (
        200 if ok else 503
    )

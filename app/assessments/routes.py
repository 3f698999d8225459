"""The partnership's yearly self-assessments."""

from __future__ import annotations

from flask import Blueprint, render_template

from app.auth.access import current_membership, requires_role

bp = Blueprint("assessments", __name__, url_prefix="/assessments")


@bp.get("")
@requires_role()
def index():
    here = current_membership()
    return render_template("assessments/index.html", partnership=here.partnership, role=here.role)

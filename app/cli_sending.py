"""`ehsg send ID`: send a signed-off assessment's return to the department from the command line."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.cli import fail


@click.command("send")
@click.argument("assessment_id", type=int)
@click.option("--json", "as_json", is_flag=True, help='Print {"assessment": ..., "version": ..., "sent_at": ...}.')
@with_appcontext
def send_command(assessment_id: int, as_json: bool):
    """Send a signed-off assessment's return to the department (the next version if it was sent before)."""
    import json

    from app.services import returns, sending
    from app.services.assessments import AssessmentError

    found = returns.assessment_by_id(assessment_id)
    if found is None:
        fail(f"There is no assessment {assessment_id}")
    try:
        result = sending.send(found, None)
    except AssessmentError as refusal:
        fail(f"Not sent: {refusal}")
    sent = result.submission
    if as_json:
        click.echo(json.dumps({"assessment": found.id, "version": sent.version, "sent_at": sent.sent_at.isoformat(),
                               "already_sent": result.already_sent}))
    else:
        said = "was sent already, unchanged since" if result.already_sent else "is sent to the department"
        click.echo(f"The {found.year} return of {found.partnership.name} {said}: version {sent.version}, "
                   f"{sent.sent_at:%-d %B %Y %H:%M} UTC.")

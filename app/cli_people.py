"""`ehsg create-user`: a person with a role in a partnership, or a person outside every
partnership (`--department`, `--other-department`) who sees that audience's view only."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.cli import fail
from app.domain.roles import Role
from app.domain.sharing import Audience


@click.command("create-user")
@click.option("--email", prompt="Email address", help="Their email address; they sign in with it.")
@click.option("--name", prompt="Full name", help="Their full name.")
@click.option("--partnership", default=None, help="The partnership's name (created if new).")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=None,
              help="What they may do in that partnership.")
@click.option("--local-authority", default=None, help="The local authority, for a new partnership.")
@click.option("--department", "audience", flag_value=Audience.DEPARTMENT.value, default=None,
              help="A department analyst, outside every partnership: sees the returns sent that permit the department.")
@click.option("--other-department", "audience", flag_value=Audience.OTHER_DEPARTMENT.value,
              help="A person from another government department, outside every partnership: scores only.")
@click.password_option("--password", prompt="Password (12 characters or more)", help="Prompted for if not given.")
@with_appcontext
def create_user_command(email, name, partnership, role, local_authority, audience, password):
    """Create a user with a role in a partnership, or (--department, --other-department) outside every partnership."""
    from app.services import accounts

    if audience is not None:
        if partnership is not None or role is not None or local_authority is not None:
            fail("A person outside every partnership has no partnership or role: leave out --partnership, "
                 "--role and --local-authority, or leave out --department and --other-department")
        try:
            user = accounts.create_outside_user(email, name, password, Audience(audience))
        except accounts.AccountError as problem:
            fail(str(problem))
        click.echo(f"Created {user.email} as {Audience(audience).label.lower()}, outside every partnership.")
        return
    partnership = partnership or click.prompt("Partnership")
    role = role or click.prompt("Role", type=click.Choice([r.value for r in Role]))
    try:
        user = accounts.create_user(email, name, password, partnership, Role(role), local_authority)
    except accounts.AccountError as problem:
        raise click.ClickException(str(problem)) from None
    click.echo(f"Created {user.email} as {Role(role).label.lower()} in {partnership}.")

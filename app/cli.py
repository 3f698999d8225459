"""The `ehsg` command: the Flask CLI of this application, usable from any directory.

`ehsg run`, `ehsg db upgrade` and the rest of Flask's commands work as usual; the commands
below are the toolkit's own.
"""

from __future__ import annotations

import json
from typing import NoReturn

import click
from flask import Flask
from flask.cli import AppGroup, FlaskGroup, ScriptInfo, run_command, with_appcontext

from app.domain.roles import Role
from app.domain.wording import yes_no


def _commands_app() -> Flask:
    """The application for a command that serves no pages: it may run without SECRET_KEY."""
    from app.factory import create_app

    return create_app(serving=False)


def _serving_app() -> Flask:
    """The application ``ehsg run`` serves: in production it needs SECRET_KEY."""
    from app.factory import create_app

    return create_app(serving=True)


@click.pass_context
def _serve(ctx: click.Context, **options: object) -> None:
    ctx.ensure_object(ScriptInfo).create_app = _serving_app
    ctx.invoke(run_command.callback, **options)  # type: ignore[arg-type]


#: Flask's own `run`, said explicitly to serve.
serve_command = click.Command("run", params=run_command.params, callback=_serve, help=run_command.help,
                              short_help=run_command.short_help)


def command_line() -> FlaskGroup:
    """The `ehsg` command: Flask's commands and the toolkit's, `run` the one that serves."""
    group = FlaskGroup(create_app=_commands_app, help="The Early Help System Guide toolkit.")
    group.add_command(serve_command)
    return group


def main() -> None:
    command_line().main(prog_name="ehsg")


def register_commands(app: Flask) -> None:
    from app.cli_national import national_command
    from app.cli_people import create_user_command

    app.cli.add_command(create_user_command)
    app.cli.add_command(national_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(framework_group)
    app.cli.add_command(import_command)
    app.cli.add_command(check_command)
    app.cli.add_command(export_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(trends_command)
    from app.cli_sending import send_command

    app.cli.add_command(send_command)


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Seed only when the database has no partnership yet.")
@click.option("--reset-passwords", is_flag=True, help="Give the demo users new passwords and print them.")
@with_appcontext
def demo_command(if_empty: bool, reset_passwords: bool):
    """Seed a demo partnership with one user per role, and print their logins once."""
    from app.services import demo

    if reset_passwords:
        logins = demo.reset_demo_passwords()
        if not logins:
            raise click.ClickException("There is no demo partnership yet. Run `ehsg demo` first.")
    elif demo.demo_exists() or (if_empty and not demo.database_is_empty()):
        click.echo(
            "The demo partnership is already there; its logins were printed when it was created. "
            "Run `ehsg demo --reset-passwords` for new ones."
        )
        return
    else:
        logins = demo.seed_demo()
    click.echo(f"Demo partnership: {demo.DEMO_PARTNERSHIP}. Sign in at /login with:")
    for login in logins:
        click.echo(f"  {Role(login.role).label:<22} {login.email:<28} {login.password}")
    click.echo("These passwords are shown only now.")


@click.group("framework", cls=AppGroup)
def framework_group():
    """The Early Help System Guide editions the toolkit knows."""


@framework_group.command("show")
@click.option("--edition", "edition_id", default=None, help="Edition id, e.g. ehsg-2022 (default: the newest).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def framework_show(edition_id: str | None, as_json: bool):
    """Print an edition of the guide: sections, descriptors, scale, thresholds, data models."""
    from app.cli_framework import framework_as_dict, render_framework_text

    chosen = _edition(edition_id)
    if as_json:
        click.echo(json.dumps(framework_as_dict(chosen), indent=2, ensure_ascii=False))
    else:
        click.echo(render_framework_text(chosen))


@framework_group.command("check", with_appcontext=False)
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help='Print JSON: {"ok": ..., "problems": [{"line": ..., "message": ...}]}.')
@click.option("--editions", "editions_dir", envvar="EHSG_DESCRIPTORS_DIR", default=None,
              type=click.Path(file_okay=False),
              help="The folder of editions a crosswalk is checked against (default: EHSG_DESCRIPTORS_DIR, else descriptors/).")
def framework_check(path: str, as_json: bool, editions_dir: str | None):
    """Check an edition file (a new edition's YAML) and print every problem with its line.

    Exits 1 when there is any problem. Needs no database and no running application."""
    from app.cli_framework import check_edition_file, render_check_text

    result = check_edition_file(path, editions_dir)
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        click.echo(render_check_text(path, result), nl=False)
    if not result["ok"]:
        raise SystemExit(1)


def fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    raise SystemExit(1)


def _edition(edition_id: str | None):
    """The edition with this key (the newest when None); an unknown key fails, listing the known ones."""
    from app.frameworks import all_frameworks, framework, newest_framework

    if edition_id is None:
        return newest_framework()
    try:
        return framework(edition_id)
    except KeyError:
        known = ", ".join(sorted(all_frameworks()))
        raise click.ClickException(f"There is no edition {edition_id!r}. Editions: {known}") from None


_EDITION_HELP = ("The edition of the guide to read the return as, e.g. ehsg-2022 (default: the edition the file "
                 "names or matches; asked for when it cannot be told).")


def _read_file(path: str, edition_id: str | None):
    from pathlib import Path

    from app.frameworks import all_frameworks
    from app.services import returns

    source = Path(path)
    if edition_id is not None:
        _edition(edition_id)
    if not source.is_file():
        fail(f"There is no file at {path}")
    try:
        return returns.read_in_its_edition(source.name, source.read_bytes(), all_frameworks(), edition_id)
    except returns.ImportProblems as problems:
        fail(str(problems))


def _import_result(path: str, done) -> dict:
    if done.assessment is None:
        return {"path": path, "imported": False, "problems": [str(p) for p in done.problems]}
    a = done.assessment
    return {"path": path, "imported": True, "id": a.id, "area": a.partnership.name, "year": a.year,
            "edition": a.edition_id}


@click.command("import")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--partnership", default=None, help="The partnership to import into (default: the area the return names).")
@click.option("--year", type=int, default=None, help="The year of the return (default: the year the return shows).")
@click.option("--edition", "edition_id", default=None, help=_EDITION_HELP)
@click.option("--json", "as_json", is_flag=True,
              help='Print {"id": ..., "area": ..., "year": ..., "edition": ...}; for several files, a list.')
@click.option("--sent", is_flag=True, help="Record each return as sent to the department (version 1), as the "
              "department received it outside the service.")
@with_appcontext
def import_command(paths: tuple[str, ...], partnership: str | None, year: int | None, edition_id: str | None,
                   as_json: bool, sent: bool):
    """Import returns (Word, plain text or the toolkit's JSON) as assessments, each file all or
    nothing. With several files, one line each says what happened; exits 1 if any was not imported."""
    from pathlib import Path

    from app.frameworks import all_frameworks
    from app.services import loading, returns
    from exports.problems import Problem

    if edition_id is not None:
        _edition(edition_id)
    load = loading.load_sent if sent else returns.import_files
    reports = []
    for path in paths:  # one file at a time: each is read, imported and committed on its own
        if Path(path).is_file():
            outcome = load([(path, Path(path).read_bytes())], all_frameworks(), edition=edition_id,
                           partnership_name=partnership, year=year)[0]
        else:
            outcome = returns.FileImport(path, problems=(Problem("File", f"There is no file at {path}"),))
        reports.append(_import_result(path, outcome) | ({"sent": outcome.assessment is not None} if sent else {}))
    failed = [r for r in reports if not r["imported"]]
    if len(paths) == 1:
        if failed:
            fail("The file could not be imported:\n" + "\n".join(f"- {m}" for m in failed[0]["problems"]))
        only = {k: v for k, v in reports[0].items() if k not in ("path", "imported")}
        click.echo(json.dumps(only) if as_json else only["id"])
        return
    if as_json:
        click.echo(json.dumps(reports, ensure_ascii=False))
    else:
        for r in reports:
            if r["imported"]:
                click.echo(f"{r['path']}: imported as assessment {r['id']} ({r['area']}, {r['year']})"
                           + (", recorded as sent" if sent else ""))
            else:
                click.echo(f"{r['path']}: not imported, nothing saved: " + "; ".join(r["problems"]))
    if failed:
        raise SystemExit(1)


@click.command("check")
@click.argument("path_or_id")
@click.option("--edition", "edition_id", default=None, help=_EDITION_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@with_appcontext
def check_command(path_or_id: str, edition_id: str | None, as_json: bool):
    """Check a return file (nothing is saved) or an existing assessment: scores, Earned Autonomy,
    priorities and permissions."""
    from pathlib import Path

    from app.frameworks import framework
    from app.services import returns

    if path_or_id.isdigit() and not Path(path_or_id).exists():
        found = returns.return_of(int(path_or_id))
        if found is None:
            fail(f"There is no assessment {path_or_id}")
        if edition_id is not None and _edition(edition_id).id != found.edition_id:
            fail(f"Assessment {path_or_id} is of edition {found.edition_id}, not {edition_id}")
        ret, guide = found, framework(found.edition_id)
    else:
        ret, guide = _read_file(path_or_id, edition_id)
    report = returns.check_report(ret, guide)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False))
        return
    ea, pr = report["earned_autonomy"], report["priorities"]
    click.echo(f"{report['area']}, {report['year'] or 'year unknown'} (read as edition {report['edition']})")
    scored = sum(1 for v in report["scores"].values() if v is not None)
    click.echo(f"Scores: {scored} of {len(report['scores'])} descriptors scored")
    unscored = [t["id"] for t in ea["descriptors"] if t["missing"]]
    click.echo(f"Earned Autonomy: {ea['met']} of {ea['required']} thresholds met"
               + ("; eligible" if ea["eligible"] else "; not eligible")
               + (f"; not scored, so not met: {', '.join(unscored)}" if unscored else ""))
    click.echo(f"Priorities: {', '.join(pr['chosen']) or 'none'} "
               + ("(valid)" if pr["valid"] else "(not valid: " + "; ".join(pr["problems"]) + ")"))
    if guide.permissions:
        click.echo("Permissions to share:")
    for permission in guide.permissions:
        click.echo(f"  {yes_no(report['permissions'].get(permission.key))} [{permission.key}]: {permission.question}")


@click.command("export")
@click.argument("assessment_id", type=int)
@click.option("--format", "format_key", type=click.Choice(["docx", "xlsx", "csv", "json", "scores"]), required=True)
@click.option("--output", required=True, help="Where to write the file.")
@with_appcontext
def export_command(assessment_id: int, format_key: str, output: str):
    """Write an assessment's return to a file."""
    from pathlib import Path

    from app.frameworks import framework
    from app.services import returns

    found = returns.assessment_by_id(assessment_id)
    if found is None:
        fail(f"There is no assessment {assessment_id}")
    try:
        produced = returns.export(found, framework(found.edition_id), format_key)
    except returns.NotShareable as refusal:
        fail(str(refusal))
    target = Path(output)
    if target.is_dir():
        target = target / produced.filename
    try:
        target.write_bytes(produced.content)
    except OSError as problem:
        fail(f"Could not write {target}: {problem.strerror}")
    click.echo(str(target))


@click.command("backup")
@click.argument("path")
@click.option("--partnership", default=None, help="Back up this partnership only (its people, assessments, "
              "workshops and audit log).")
@with_appcontext
def backup_command(path: str, partnership: str | None):
    """Write every table (or one partnership) to a backup file: gzip-compressed JSON, or plain
    JSON if PATH ends in .json. The file holds password hashes: it is made readable by you only."""
    import os

    from app.services import backup
    from app.services.backup_errors import BackupProblem

    try:
        made = backup.make_backup(partnership, compress=not path.lower().endswith(".json"))
    except BackupProblem as problem:
        fail(str(problem))
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        fail(f"{path} already exists. Give a new file name, or move the old file away first")
    except OSError as problem:
        fail(f"Could not write {path}: {problem.strerror}")
    with os.fdopen(descriptor, "wb") as out:
        out.write(made.content)
    what = made.partnership or "everything"
    click.echo(f"Backed up {what} to {path}: {made.describe()}.")
    if note := made.over_restore_limit():
        click.echo(f"{note}.")


@click.command("restore")
@click.argument("path")
@click.option("--partnership", default=None, help="Restore this partnership only, adding it to a database "
              "that does not have it yet.")
@click.option("--largest-mb", type=click.IntRange(min=1), default=None,
              help="The most JSON the file may hold, in MB (200 unless given).")
@with_appcontext
def restore_command(path: str, partnership: str | None, largest_mb: int | None):
    """Restore a backup file made by `ehsg backup`: everything into an empty database, or one
    partnership that is not in the database yet. Every row is checked first; all or nothing."""
    from pathlib import Path

    from app.services import restore
    from app.services.backup_errors import BackupProblem
    from app.services.backup_file import MAX_JSON_BYTES, MB, too_big

    source = Path(path)
    if not source.is_file():
        fail(f"There is no file at {path}")
    largest = largest_mb * MB if largest_mb else MAX_JSON_BYTES
    try:
        if source.stat().st_size > largest:
            raise too_big(largest)
        restored = restore.restore(source.read_bytes(), partnership, largest)
    except BackupProblem as problem:
        fail(f"{problem}. Nothing was restored.")
    if restored.added_partnership:
        click.echo(f"Added {restored.added_partnership} from {path}: {restored.describe()}.")
    else:
        click.echo(f"Restored everything from {path}: {restored.describe()}.")


@click.command("trends")
@click.option("--partnership", required=True, help="The partnership's name.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@with_appcontext
def trends_command(partnership: str, as_json: bool):
    """Every year a partnership holds: descriptors and sections by year, distance travelled,
    Earned Autonomy readiness and each year's priorities."""
    from app.services import trends
    from exports.trends_report import trends_figures, trends_text

    found = trends.trends_by_name(partnership)
    if found is None:
        fail(f"There is no partnership called {partnership}")
    click.echo(json.dumps(trends_figures(found), ensure_ascii=False) if as_json else trends_text(found))

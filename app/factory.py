"""create_app wires the application together."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask, send_from_directory

from app.config import Config, ConfigError, Settings, config_from_environment, settings_for

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


def create_app(config: type[Config] | None = None, *, serving: bool = True) -> Flask:
    """Build the application for a configuration profile (by default the one EHSG_ENV names).

    ``serving`` says whether it will serve pages: the serving entry points (``ehsg run``, and
    run.py for gunicorn) say so. Commands that serve no pages (migrations, imports) pass False:
    they may run without SECRET_KEY, since they sign no cookies.
    """
    settings = settings_for(config or config_from_environment())
    app = Service("app", instance_path=str(PROJECT_ROOT / "instance"))
    _load_config(app, settings, serving)
    _init_logging(app, settings)
    _load_framework(app)
    _init_extensions(app)
    _register_blueprints(app)
    _serve_frontend_assets(app)
    _init_templates(app)
    _init_security(app)
    _init_errors(app)
    _init_commands(app)
    _trust_proxies(app, settings.PROXY_HOPS)
    return app


class Service(Flask):
    """Flask, logging an unexpected error as the service's logs do (the route's rule, never its path)."""

    def log_exception(self, exc_info) -> None:
        from app.logs import log_unexpected_error

        log_unexpected_error(exc_info)


def _init_logging(app: Flask, settings: Settings) -> None:
    """JSON lines (production) or readable lines (development), a request id, a line per request."""
    from app.logs import configure_logging, init_request_logging

    configure_logging(settings.ENV_NAME, settings.LOG_LEVEL, settings.LOG_FORMAT)
    init_request_logging(app)


def _load_config(app: Flask, settings: Settings, serving: bool) -> None:
    app.config.update(settings.flask_config())
    os.makedirs(app.instance_path, exist_ok=True)
    if not settings.SQLALCHEMY_DATABASE_URI:
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "ehsg.sqlite3")
    if not settings.SECRET_KEY:
        if settings.ENV_NAME == "development":
            app.config["SECRET_KEY"] = _development_secret(Path(app.instance_path))
        elif not serving:
            app.config["SECRET_KEY"] = secrets.token_hex(32)  # signs nothing that outlives the command
        else:
            raise ConfigError(
                "SECRET_KEY is not set. Set it to a long random value, for example the output of "
                "`python -c 'import secrets; print(secrets.token_hex(32))'`, or set "
                "EHSG_ENV=development to run on this computer only."
            )


def _trust_proxies(app: Flask, hops: int) -> None:
    """Behind ``hops`` proxies, take the client's address and scheme from their headers."""
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def _development_secret(instance: Path) -> str:
    """A secret kept in the instance folder, so local sessions survive a restart."""
    path = instance / "development-secret-key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _load_framework(app: Flask) -> None:
    from app.frameworks import init_frameworks

    init_frameworks(app)


def _init_extensions(app: Flask) -> None:
    from govuk_frontend_wtf.main import WTFormsHelpers

    from app.auth.sessions import init_login
    from app.extensions import csrf, db, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    init_login(app)
    WTFormsHelpers(app)


def _register_blueprints(app: Flask) -> None:
    from app.assessments.routes import bp as assessments
    from app.auth.passwords import bp as passwords
    from app.auth.routes import bp as auth
    from app.comparison.routes import bp as comparison
    from app.department.routes import bp as department
    from app.pages.routes import bp as pages
    from app.participate.routes import bp as participate
    from app.peers.routes import bp as peers
    from app.plans.routes import bp as plans
    from app.readiness.routes import bp as readiness
    from app.returns.routes import bp as returns
    from app.sending.routes import bp as sending
    from app.team.routes import bp as team
    from app.trends.routes import bp as trends
    from app.workshops.routes import bp as workshops

    for blueprint in (pages, auth, passwords, team, assessments, readiness, returns, workshops, participate, trends,
                      peers, sending, plans, comparison, department):
        app.register_blueprint(blueprint)


def _serve_frontend_assets(app: Flask) -> None:
    """GOV.UK Frontend's built CSS, JS, fonts and images, copied by the build, under /assets."""
    assets = Path(app.static_folder or "") / "assets"

    @app.get("/assets/<path:filename>")
    def govuk_assets(filename: str):
        return send_from_directory(assets, filename, max_age=3600)


def _init_templates(app: Flask) -> None:
    from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

    from app.domain import limits
    from app.views import register_template_helpers

    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("app"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.globals["limits"] = limits
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    register_template_helpers(app)


def _init_security(app: Flask) -> None:
    from app.security import init_security

    init_security(app)


def _init_errors(app: Flask) -> None:
    from app.errors import init_errors

    init_errors(app)


def _init_commands(app: Flask) -> None:
    from app.cli import register_commands

    register_commands(app)

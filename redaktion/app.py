"""The desk's Flask application: settings, blueprints, error pages and security headers."""

from pathlib import Path

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config as config_module
from . import site
from .extensions import csrf, limiter


def create_app(config=None):
    """The desk for these settings (defaults, then REDAKTION_* from the environment, then config)."""
    settings = {**config_module.DEFAULTS, **config_module.from_env(), **(config or {})}
    config_module.check(settings)
    project = Path(settings["REDAKTION_PROJECT"])
    app = Flask(
        __name__,
        static_folder=str(project / "theme" / "static"),
        static_url_path="/redaktion/tema",
    )
    app.config.update(settings)
    app.config["SECRET_KEY"] = settings["SECRET_KEY"] or config_module.secret_key(settings["REDAKTION_DATA"])
    app.config.update(
        SESSION_COOKIE_NAME="redaktion",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings["REDAKTION_SECURE_COOKIES"],
        SESSION_COOKIE_PATH="/",
        PERMANENT_SESSION_LIFETIME=8 * 3600,
        MAX_CONTENT_LENGTH=site.settings(settings)["IMAGES_MAX_BYTES"] * 2 + 1_000_000,
        WTF_CSRF_TIME_LIMIT=None,  # a resident may take an hour to write; the token lives with the session
        TEMPLATES_AUTO_RELOAD=False,
    )
    if settings["REDAKTION_BEHIND_PROXY"]:  # nginx tells the client's address (for the rate limits)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    site.plugins_on_path(project)
    csrf.init_app(app)
    limiter.init_app(app)
    _register(app)
    from . import checker, indsend, intake  # noqa: PLC0415 - after the plugin path is set

    intake.recover(app.config)
    checker.prepare(app.config)
    with app.test_request_context("/indsend/"):  # its templates compiled once, before gunicorn forks
        indsend.blank_page()
    return app


def _register(app):
    from . import desk, indsend  # noqa: PLC0415 - the blueprints import Pelican's plugins

    app.register_blueprint(indsend.bp)
    app.register_blueprint(desk.bp)
    app.context_processor(_site_context(app))
    app.after_request(_security_headers(app))
    # Uploads larger than a few hundred kB are spooled to temporary files; close them at once.
    app.teardown_request(lambda error: request.close())

    @app.errorhandler(CSRFError)
    def csrf_refused(error):
        return render_template(
            "fejl.html",
            title="Formularen er udløbet",
            message=(
                "Siden var for gammel, eller formularen kom ikke fra denne side. "
                "Gå tilbage, genindlæs siden og send igen."
            ),
        ), 400

    @app.errorhandler(413)
    def too_large(error):
        limit = app.config["MAX_CONTENT_LENGTH"] // 2**20
        return render_template(
            "fejl.html",
            title="Billederne fylder for meget",
            message=(
                f"Det, du sendte, fylder mere end {limit} MB. Send færre eller mindre billeder ad gangen."
            ),
        ), 413

    @app.errorhandler(429)
    def too_many(error):
        return render_template(
            "fejl.html",
            title="For mange forsøg",
            message=("Der er sendt for mange gange fra din adresse. Vent lidt, og prøv igen."),
        ), 429


def _site_context(app):
    s = site.settings(app.config)
    values = {
        "SITENAME": s["SITENAME"],
        "SITESUBTITLE": s["SITESUBTITLE"],
        "SITE_URL": app.config["REDAKTION_SITE_URL"],
        "NORDBY_CONTACT": s["NORDBY_CONTACT"],
    }
    return lambda: values


def _security_headers(app):
    csp = site.settings(app.config)["NORDBY_CSP"]

    def add(response):
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        if response.mimetype == "text/html":
            response.headers["Cache-Control"] = "no-store"
        return response

    return add

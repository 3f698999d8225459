"""Public pages, the health check and the error pages, in the service's layout."""

import pytest


@pytest.mark.parametrize(
    "path, heading",
    [
        ("/", "Assess your Early Help System with your partners"),
        ("/login", "Sign in"),
        ("/accessibility", "Accessibility statement"),
        ("/cookies", "Cookies"),
        ("/privacy", "Privacy notice"),
    ],
)
def test_public_pages_render_in_the_layout(client, path, heading):
    page = client.get(path, expect=200).page
    assert page.h1 == heading
    assert page.link("Accessibility statement") == "/accessibility"  # footer links on every page
    assert page.link("Privacy") == "/privacy" and page.link("Cookies") == "/cookies"
    assert page.text_of(".govuk-phase-banner").startswith("Beta This is a new service")


def test_no_crown_logo_anywhere(client):
    page = client.get("/", expect=200).page
    assert not page.soup.select(".govuk-logo, .govuk-header__logotype, svg.govuk-header__logotype")
    assert "Crown copyright" not in page.soup.get_text()
    assert page.title.endswith("Early Help System Guide toolkit")
    assert "Early Help System Guide toolkit" in page.text_of("header")


def test_health_reports_the_database(client):
    response = client.get("/health", expect=200)
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_unknown_page_is_a_friendly_404(client):
    page = client.get("/no-such-page", expect=404).page
    assert page.h1 == "Page not found"
    assert page.link("Accessibility statement") == "/accessibility"  # in the service's layout


def test_wrong_method_is_not_a_stack_trace(client):
    page = client.delete("/login", expect=405).page
    assert page.h1 == "Page not found"
    assert "Traceback" not in page.html


def test_frontend_assets_are_served_under_assets(client, app):
    from pathlib import Path

    css = Path(app.static_folder) / "assets" / "application.css"
    if not css.exists():
        pytest.fail("GOV.UK Frontend assets are not built: run `make install`")
    response = client.get("/assets/application.css", expect=200)
    assert response.mimetype == "text/css"
    response.close()

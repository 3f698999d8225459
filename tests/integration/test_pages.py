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
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"{heading}</h1>" in html
    assert 'href="/accessibility"' in html  # footer links on every page
    assert "govuk-phase-banner" in html


def test_no_crown_logo_anywhere(client):
    html = client.get("/").get_data(as_text=True)
    assert "govuk-logo" not in html and "Crown copyright" not in html
    assert "Early Help System Guide toolkit" in html


def test_health_reports_the_database(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_wrong_method_is_not_a_stack_trace(client):
    response = client.delete("/login")
    assert response.status_code == 405
    assert "Page not found" in response.get_data(as_text=True)


def test_frontend_assets_are_served_under_assets(client, app):
    from pathlib import Path

    css = Path(app.static_folder) / "assets" / "govuk-frontend.min.css"
    if not css.exists():
        pytest.fail("GOV.UK Frontend assets are not built: run `make install`")
    response = client.get("/assets/govuk-frontend.min.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    response.close()

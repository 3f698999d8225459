"""The service is run by councils, not on GOV.UK: the pages name the toolkit's own icons and
manifest, not GOV.UK's crown, and the old favicon address answers with the toolkit's icon."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

GOVUK_IMAGES = Path(__file__).resolve().parents[2] / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "assets" / "images"


def test_the_pages_name_the_toolkits_own_icons(client):
    page = client.get("/login", expect=200).page
    named = sorted((" ".join(link["rel"]), link["href"]) for link in page.soup.select("head link[rel]"))
    assert [(rel, href) for rel, href in named if rel != "stylesheet"] == [
        ("apple-touch-icon", "/static/images/apple-touch-icon.png"),
        ("icon", "/static/images/favicon.ico"),
        ("icon", "/static/images/favicon.svg"),
        ("manifest", "/static/manifest.json"),
    ]
    assert page.soup.select("link[rel=mask-icon], meta[property='og:image']") == []
    assert "govuk-header__logotype" not in page.html and "govuk-crest" not in page.html


def test_the_manifest_is_the_toolkits(client):
    response = client.get("/static/manifest.json", expect=200)
    manifest = json.loads(response.get_data())
    response.close()
    assert manifest["name"] == "Early Help System Guide toolkit"
    for icon in manifest["icons"]:
        assert "govuk" not in icon["src"]
        client.get("/static/" + icon["src"], expect=200).close()


def test_the_favicon_address_answers_with_the_toolkits_icon(client):
    response = client.get("/favicon.ico", expect=301)
    assert response.headers["Location"] == "/static/images/favicon.ico"
    icon = client.get("/static/images/favicon.ico", expect=200)
    ours = icon.get_data()
    icon.close()
    if not (GOVUK_IMAGES / "favicon.ico").is_file():
        pytest.skip("node_modules is not installed")
    assert ours != (GOVUK_IMAGES / "favicon.ico").read_bytes()


def test_no_file_of_gov_uk_is_served_under_assets(client):
    for path in ("/assets/fonts/light-94a07e06a1-v2.woff2", "/assets/images/govuk-crest.svg",
                 "/assets/images/favicon.ico", "/assets/govuk-frontend.min.css"):
        client.get(path, expect=404).close()

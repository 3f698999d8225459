"""The strict client itself: a wrong status fails saying what the page said, and the page
helpers read what a person reads (so the tests built on them can fail)."""

from __future__ import annotations

import pytest

from tests.strict_client import Page

FORM_WITH_ERRORS = """<!DOCTYPE html><html><head><title>Error: Sign in – Service</title></head><body>
<header><form action="/logout" method="post"><button>Sign out</button></form></header>
<main>
<div class="govuk-error-summary"><ul class="govuk-error-summary__list">
  <li><a href="#email">Enter your email address</a></li></ul></div>
<div class="govuk-notification-banner"><div class="govuk-notification-banner__content">
  <p>Saved   your   changes</p></div></div>
<h1>Sign in</h1>
<p id="email-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Enter your email address</p>
<form action="/login" method="post"><input name="email" value="a@b.example"><textarea name="note">Typed</textarea>
<input type="radio" name="score" value="2" checked><input type="radio" name="score" value="3">
<button>Continue<span class="govuk-visually-hidden"> to the next page</span></button></form>
<table><caption>Members</caption><thead><tr><th>Name</th><th>Role</th></tr></thead>
<tbody><tr><td>Vic Viewer</td><td>Viewer</td></tr></tbody></table>
<dl class="govuk-summary-list"><div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Year</dt>
<dd class="govuk-summary-list__value">2026</dd></div></dl>
<a href="/next">Next page</a>
</main></body></html>"""


def test_the_page_helpers_read_what_a_person_reads():
    page = Page(FORM_WITH_ERRORS)
    assert (page.h1, page.title) == ("Sign in", "Error: Sign in – Service")
    assert page.errors == ["Enter your email address"]
    assert page.error_links == {"#email": "Enter your email address"}
    assert page.field_error("email") == "Enter your email address" and page.field_error("password") == ""
    assert page.notifications == ["Saved your changes"]
    assert (page.value("email"), page.value("note"), page.checked("score")) == ("a@b.example", "Typed", ["2"])
    assert page.table_rows("Members") == [["Vic Viewer", "Viewer"]]
    assert page.summary_list() == {"Year": "2026"}
    assert page.link("Next page") == "/next" and not page.has_link("Previous page")
    assert page.buttons == ["Sign out", "Continue"]
    assert len(page.forms) == 1  # the header's sign-out form is not the page's
    with pytest.raises(AssertionError, match="expected one link 'Previous page'"):
        page.link("Previous page")


def test_a_wrong_status_fails_with_what_the_page_says(client):
    with pytest.raises(AssertionError, match=r"GET /no-such-page: expected 200, got 404, h1 'Page not found'"):
        client.get("/no-such-page", expect=200)
    with pytest.raises(AssertionError, match=r"expected 200, got 302, redirected to /login\?next=%2Fassessments"):
        client.get("/assessments", expect=200)
    assert client.get("/no-such-page", expect=404).page.h1 == "Page not found"

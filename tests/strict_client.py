"""A Flask test client that checks what every HTML page must have, and hands tests the page a
user reads.

Every HTML response is parsed: exactly one <h1>, a <title> that starts with the h1's text
(after "Error: " when the page shows errors), no duplicate ids, and every <form> has an action.

A test says the status it expects and reads the page through what a person sees::

    page = client.get("/team", expect=200).page
    assert page.h1 == "Team"
    assert page.notifications == ["Vic Viewer is now workshop facilitator"]
    response = client.post("/team/invite", data=form, expect=302)

A wrong status fails with the status, the page's h1 and the start of its text (or where a
redirect went).
"""

from __future__ import annotations

import copy
from functools import cached_property
from html.parser import HTMLParser
from typing import Any

from bs4 import BeautifulSoup, Tag
from flask.testing import FlaskClient
from werkzeug.test import TestResponse


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.h1_texts: list[str] = []
        self.title = ""
        self.ids: list[str] = []
        self.forms_without_action = 0
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"] or "")
        if tag == "form" and not attributes.get("action"):
            self.forms_without_action += 1
        if tag == "h1":
            self.h1_texts.append("")
        if tag in {"h1", "title"}:
            self._in.append(tag)

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if "title" in self._in:
            self.title += data
        if "h1" in self._in:
            self.h1_texts[-1] += data


def squash(text: str) -> str:
    """Text as a reader sees it: runs of white space are one space."""
    return " ".join(text.split())


def check_page(html: str, where: str) -> None:
    parser = _PageParser()
    parser.feed(html)
    assert len(parser.h1_texts) == 1, f"{where}: expected one <h1>, found {len(parser.h1_texts)}"
    h1 = squash(parser.h1_texts[0])
    title = squash(parser.title)
    if title.startswith("Error: "):
        title = title[len("Error: "):]
    assert title.startswith(h1), f"{where}: <title> {title!r} does not start with the <h1> {h1!r}"
    duplicates = sorted({i for i in parser.ids if parser.ids.count(i) > 1})
    assert not duplicates, f"{where}: duplicate ids {duplicates}"
    assert parser.forms_without_action == 0, f"{where}: a <form> has no action"


def _text(element: Tag) -> str:
    return squash(element.get_text(" "))


def _without_hidden_prefix(element: Tag) -> str:
    """An element's text without what only screen readers hear (an error's "Error:")."""
    visible = copy.copy(element)
    for hidden in visible.select(".govuk-visually-hidden"):
        hidden.decompose()
    return _text(visible)


class Page:
    """An HTML page, read the way a person reads it."""

    def __init__(self, html: str, where: str = "page") -> None:
        self.html = html
        self.where = where
        self.soup = BeautifulSoup(html, "lxml")

    # -- the whole page --------------------------------------------------------------------

    @property
    def h1(self) -> str:
        heading = self.soup.find("h1")
        assert isinstance(heading, Tag), f"{self.where}: no <h1>"
        return _text(heading)

    @property
    def title(self) -> str:
        title = self.soup.find("title")
        return _text(title) if isinstance(title, Tag) else ""

    @cached_property
    def text(self) -> str:
        """The text of the page's main content (all of the body when it has no <main>)."""
        main = self.soup.find("main") or self.soup.body or self.soup
        return _text(main)

    # -- finding elements ------------------------------------------------------------------

    def one(self, selector: str) -> Tag:
        found = self.soup.select(selector)
        assert len(found) == 1, f"{self.where}: expected one {selector!r}, found {len(found)}"
        return found[0]

    def texts(self, selector: str) -> list[str]:
        """The text of every element the CSS selector matches, in page order."""
        return [_text(element) for element in self.soup.select(selector)]

    def text_of(self, selector: str) -> str:
        return _text(self.one(selector))

    def link(self, text: str) -> str:
        """The address of the one link that reads `text`."""
        found = [a for a in self.soup.find_all("a") if isinstance(a, Tag) and _text(a) == text]
        readable = sorted({_text(a) for a in self.soup.find_all("a") if isinstance(a, Tag)})
        assert len(found) == 1, f"{self.where}: expected one link {text!r}, found {len(found)} among {readable}"
        return str(found[0].get("href", ""))

    def has_link(self, text: str) -> bool:
        return any(isinstance(a, Tag) and _text(a) == text for a in self.soup.find_all("a"))

    def value(self, name: str) -> str:
        """The value a form field named `name` holds (an input's value, a textarea's text)."""
        field = self.soup.select_one(f'[name="{name}"]')
        assert isinstance(field, Tag), f"{self.where}: no field named {name!r}"
        if field.name == "textarea":
            return field.get_text()
        return str(field.get("value", ""))

    def checked(self, name: str) -> list[str]:
        """The values of the checked radios or checkboxes named `name`."""
        return [str(i.get("value")) for i in self.soup.find_all("input", attrs={"name": name})
                if isinstance(i, Tag) and i.has_attr("checked")]

    @property
    def buttons(self) -> list[str]:
        """What each button says (text for screen readers only left out)."""
        return [_without_hidden_prefix(b) for b in self.soup.select("button, input[type=submit]")]

    @property
    def forms(self) -> list[Tag]:
        """The forms in the page's main content (not the header's sign-out button)."""
        main = self.soup.find("main") or self.soup
        return [f for f in main.find_all("form") if isinstance(f, Tag)]

    # -- what GOV.UK components say --------------------------------------------------------

    @property
    def errors(self) -> list[str]:
        """The messages in the error summary, in order."""
        return self.texts(".govuk-error-summary__list li")

    @property
    def error_links(self) -> dict[str, str]:
        """The error summary's messages by the field each one links to (``#email``)."""
        return {str(a.get("href")): _text(a) for a in self.soup.select(".govuk-error-summary__list a")}

    def field_error(self, field_id: str) -> str:
        """The error message shown beside a field, without its hidden "Error:"; "" if none."""
        message = self.soup.find(id=f"{field_id}-error")
        return _without_hidden_prefix(message) if isinstance(message, Tag) else ""

    @property
    def field_errors(self) -> list[str]:
        return [_without_hidden_prefix(m) for m in self.soup.select(".govuk-error-message")]

    @property
    def notifications(self) -> list[str]:
        """What each notification banner (a flashed message among them) says."""
        return self.texts(".govuk-notification-banner__content")

    @property
    def table_captions(self) -> list[str]:
        return self.texts("table caption")

    def table_rows(self, caption: str | None = None) -> list[list[str]]:
        """The body rows of the table with this caption (or of the page's one table), each as
        the text of its cells."""
        tables = [t for t in self.soup.find_all("table") if isinstance(t, Tag)]
        if caption is not None:
            tables = [t for t in tables if isinstance(c := t.find("caption"), Tag) and _text(c) == caption]
        assert len(tables) == 1, f"{self.where}: expected one table {caption or ''}, found {len(tables)} ({self.table_captions})"
        body = tables[0].find("tbody") or tables[0]
        assert isinstance(body, Tag)
        return [[_text(cell) for cell in row.find_all(["th", "td"])] for row in body.find_all("tr")
                if isinstance(row, Tag) and row.find("td")]

    def summary_list(self, selector: str = ".govuk-summary-list") -> dict[str, str]:
        """A summary list as {key: value}, each as read (actions left out)."""
        found = self.soup.select(selector)
        assert found, f"{self.where}: no {selector!r}"
        rows: dict[str, str] = {}
        for summary in found:
            for row in summary.select(".govuk-summary-list__row"):
                key, value = row.select_one(".govuk-summary-list__key"), row.select_one(".govuk-summary-list__value")
                if key is not None and value is not None:
                    rows[_text(key)] = _text(value)
        return rows

    def tags(self, selector: str = ".govuk-tag") -> list[str]:
        return self.texts(selector)


class PageResponse(TestResponse):
    """A test response that can be read as a page."""

    @cached_property
    def page(self) -> Page:
        assert self.mimetype == "text/html", f"{self._where}: a {self.mimetype} response is not a page"
        return Page(self.get_data(as_text=True), self._where)

    @property
    def _where(self) -> str:
        return f"{self.request.method} {self.request.path}"

    def describe(self) -> str:
        if self.headers.get("Location"):
            return f"redirected to {self.headers['Location']}"
        if self.mimetype == "text/html" and self.data:
            page = Page(self.get_data(as_text=True))
            heading = page.soup.find("h1")
            return f"h1 {_text(heading) if isinstance(heading, Tag) else None!r}: {page.text[:800]!r}"
        return f"{self.mimetype}: {self.get_data()[:300]!r}"


_WRAPPERS: dict[type, type] = {}


class StrictClient(FlaskClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wrapper = self.response_wrapper
        if wrapper not in _WRAPPERS:
            _WRAPPERS[wrapper] = type("StrictResponse", (PageResponse, wrapper), {})
        self.response_wrapper = _WRAPPERS[wrapper]

    def open(self, *args: Any, expect: int | None = None, **kwargs: Any) -> PageResponse:
        response = super().open(*args, **kwargs)
        assert isinstance(response, PageResponse)
        if response.mimetype == "text/html" and response.status_code != 302 and response.data:
            check_page(response.get_data(as_text=True), response._where)
        if expect is not None:
            assert response.status_code == expect, (
                f"{response._where}: expected {expect}, got {response.status_code}, {response.describe()}"
            )
        return response

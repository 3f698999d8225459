"""A Flask test client that checks what every HTML page must have.

Every HTML response is parsed: exactly one <h1>, a <title> that starts with the h1's text
(after "Error: " when the page shows errors), no duplicate ids, and every <form> has an action.
"""

from __future__ import annotations

from html.parser import HTMLParser

from flask.testing import FlaskClient


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


def _squash(text: str) -> str:
    return " ".join(text.split())


def check_page(html: str, where: str) -> None:
    parser = _PageParser()
    parser.feed(html)
    assert len(parser.h1_texts) == 1, f"{where}: expected one <h1>, found {len(parser.h1_texts)}"
    h1 = _squash(parser.h1_texts[0])
    title = _squash(parser.title)
    if title.startswith("Error: "):
        title = title[len("Error: "):]
    assert title.startswith(h1), f"{where}: <title> {title!r} does not start with the <h1> {h1!r}"
    duplicates = sorted({i for i in parser.ids if parser.ids.count(i) > 1})
    assert not duplicates, f"{where}: duplicate ids {duplicates}"
    assert parser.forms_without_action == 0, f"{where}: a <form> has no action"


class StrictClient(FlaskClient):
    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and response.status_code != 302 and response.data:
            check_page(response.get_data(as_text=True), f"{response.request.method} {response.request.path}")
        return response

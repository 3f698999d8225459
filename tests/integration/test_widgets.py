"""Remembered widgets give exactly the HTML the plain GOV.UK widgets give, for every choice and
error, and never mix up one person's text with another's."""

from __future__ import annotations

import pytest
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import RadioField, SelectChoice, TextAreaField

from app.web import widgets
from tests.strict_client import Page

CHOICES = [SelectChoice("1", "1 – Low"), SelectChoice("2", "2 – High")]


def _forms(app, data: dict):
    class Plain(FlaskForm):
        score = RadioField("Your score", widget=GovRadioInput(), choices=CHOICES)
        comment = TextAreaField("Comment", widget=GovCharacterCount())

    class Remembered(FlaskForm):
        score = RadioField("Your score", widget=widgets.RememberedRadioInput(),
                           choices=CHOICES)
        comment = TextAreaField("Comment", widget=widgets.RememberedCharacterCount())

    return Plain(MultiDict(data), meta={"csrf": False}), Remembered(MultiDict(data), meta={"csrf": False})


@pytest.mark.parametrize("data, error", [
    ({}, None), ({"score": "1"}, None), ({"score": "2"}, None), ({}, "Select a score"),
    ({"score": "2", "comment": "Health visitors do not hear back"}, None),
    ({"comment": "<script>alert(1)</script>"}, "Select a score"),
])
def test_the_remembered_html_is_the_plain_widgets_html(app, data, error):
    widgets.forget_all()
    with app.test_request_context():
        for _ in range(2):  # rendered, then remembered
            plain, remembered = _forms(app, data)
            if error:
                plain.score.errors = remembered.score.errors = [error]
            assert str(remembered.score(params={"fieldset": {"legend": {"text": "5.1"}}})) == str(
                plain.score(params={"fieldset": {"legend": {"text": "5.1"}}}))
            assert str(remembered.comment(params={"maxlength": 2000})) == str(plain.comment(params={"maxlength": 2000}))
        if "<script>" in data.get("comment", ""):
            shown = Page(str(remembered.comment(params={"maxlength": 2000})))
            assert shown.soup.find("textarea").get_text() == data["comment"]  # shown as typed, as text
            assert shown.soup.find("script") is None


def test_typed_text_is_not_kept_and_markup_is_told_from_text(app):
    widgets.forget_all()
    with app.test_request_context():
        _, remembered = _forms(app, {"comment": "Only mine"})
        remembered.comment(params={"maxlength": 2000})
        assert not any("Only mine" in html for html in widgets._kept.values())
        _, remembered = _forms(app, {})
        as_text = str(remembered.score(params={"hint": {"text": "<b>bold</b>"}}))
        as_markup = str(remembered.score(params={"hint": {"text": Markup("<b>bold</b>")}}))
    text_hint, markup_hint = (Page(html).one(".govuk-hint") for html in (as_text, as_markup))
    assert text_hint.get_text().strip() == "<b>bold</b>" and text_hint.find("b") is None
    assert markup_hint.find("b").get_text() == "bold"


def test_each_choice_and_error_gets_its_own_html(app):
    widgets.forget_all()
    seen = {}
    with app.test_request_context():
        for data, error in (({"score": "1"}, None), ({"score": "2"}, None), ({}, None), ({}, "Select a score")):
            plain, remembered = _forms(app, data)
            plain.score.errors = remembered.score.errors = [error] if error else []
            html = str(remembered.score())
            assert html == str(plain.score())
            seen[(data.get("score"), error)] = html
    assert len(set(seen.values())) == 4

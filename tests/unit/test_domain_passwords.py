"""The password policy, after the NCSC's guidance: long enough, not common, not your own name or
email address, and no composition rules."""

import pytest

from app.domain.passwords import (
    TOO_COMMON,
    TOO_LONG,
    TOO_PERSONAL,
    TOO_SHORT,
    common_passwords,
    password_problem,
)


def test_twelve_characters_or_more():
    assert password_problem("eleven chrs") == TOO_SHORT
    assert password_problem("twelve chars") is None
    assert TOO_SHORT == "Password must be 12 characters or more. A few words you will remember work well"


def test_at_most_a_thousand_characters():
    assert password_problem("a b c d " * 125) is None
    assert password_problem("a b c d " * 125 + "e") == TOO_LONG
    assert TOO_LONG == "Password must be 1,000 characters or fewer"


@pytest.mark.parametrize("password", ["correct horse battery staple", "alllowercaseletters", "purple tractor in the rain",
                                      "ABSOLUTELYNOLOWERCASE", "123498761234 plus words"])
def test_no_composition_rules(password):
    assert password_problem(password) is None


def test_the_shipped_list_has_the_most_common_ten_thousand_and_more():
    known = common_passwords()
    assert len(known) >= 10_000
    assert {"123456", "password", "qwerty", "iloveyou"} <= known


@pytest.mark.parametrize("password", ["qwerty123456", "QWERTY123456", "1q2w3e4r5t6y", "123456789123",
                                      "password12345678", "Password2024!!!", "!!iloveyou2024", "qwertyqwerty"])
def test_common_passwords_are_refused_whatever_their_case_or_the_digits_around_them(password):
    assert password_problem(password) == TOO_COMMON


@pytest.mark.parametrize("password", ["jane.smith@council.gov.uk", "JANE.SMITH@COUNCIL.GOV.UK", "jane.smith.council",
                                      "Jane Smith 1990", "janesmith!!2024", "jane_smith_123"])
def test_your_own_email_address_or_name_is_refused(password):
    # "jane.smith.council" is the local part of the address with its dots: still the address.
    problem = password_problem(password, email="jane.smith.council@example.gov.uk" if password == "jane.smith.council"
                               else "jane.smith@council.gov.uk", name="Jane Smith")
    assert problem == TOO_PERSONAL


def test_a_password_with_more_than_your_name_in_it_is_allowed():
    assert password_problem("jane smith likes long walks", email="jane.smith@council.gov.uk", name="Jane Smith") is None
    # Someone else's name is no concern of this rule.
    assert password_problem("Jane Smith 1990", email="ola@council.gov.uk", name="Ola Nordmann") is None


def test_a_very_short_name_is_refused_only_as_the_whole_password():
    assert password_problem("al al al al 2024", name="Al") is None


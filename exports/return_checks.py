"""The checks every reader makes of the return it has read, so that a return reads the same
from text, Word and the project's JSON: text within the limits the forms keep people to
(:mod:`app.domain.limits`), evidence links that are web addresses (``http`` or ``https``), a
current data model wherever the data model has changed, and each priority descriptor chosen
once (:func:`app.domain.priorities.repeated_priorities`).

:func:`return_problems` gives a :class:`~exports.problems.Problem` for each, naming the
descriptor or part, and, where the reader says where it found it (:class:`Places`), the line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from app.domain import limits
from app.domain.framework import Framework
from app.domain.priorities import repeated_priorities
from app.domain.returns import Return
from app.domain.wording import prompt_name
from exports.problems import Problem

__all__ = ["Places", "return_problems"]

_AGAIN = "Shorten it and import the file again"


@dataclass(frozen=True)
class Places:
    """Where a reader found parts of a return, as line numbers from 1 (``unit`` says what they
    count: lines of a text file, paragraphs of a Word document)."""

    unit: str = "line"
    changed: int | None = None
    priorities: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    evidence: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    def at(self, line: int | None) -> str:
        return f" ({self.unit} {line:,})" if line else ""

    def at_all(self, lines: tuple[int, ...]) -> str:
        if not lines:
            return ""
        shown = [f"{n:,}" for n in lines]
        listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
        return f" ({self.unit}{'s' if len(shown) > 1 else ''} {listed})"


def _long(what: str, limit: int, text: str) -> str | None:
    """The message for text over a form's limit, with its length; None when it fits."""
    length = len(text)
    if length <= limit:
        return None
    return f"{limits.too_long(what, limit)}; it is {length:,}. {_AGAIN}"


def _answer_problems(ret: Return, framework: Framework, places: Places) -> Iterator[Problem]:
    labels = dict(zip(framework.prompt_keys, framework.prompts, strict=True))
    for answer in ret.answers:
        where = answer.descriptor_id
        for key, text in answer.narratives.items():
            if key not in labels:
                yield Problem(where, f"\"{key}\" is not a narrative prompt of {framework.edition.title} (its prompts: "
                              f"{', '.join(framework.prompt_keys)}). Put the text under one of them, and import the "
                              "file again")
            elif message := _long(prompt_name(key, labels[key]), limits.NARRATIVE, text):
                yield Problem(where, message)
        lines = places.evidence.get(where, ())
        for number, item in enumerate(answer.evidence, start=1):
            at = places.at(lines[number - 1] if number <= len(lines) else None)
            for what, limit, text in (("Evidence", limits.EVIDENCE, item.description),
                                      ("Agency", limits.AGENCY, item.agency), ("Link", limits.LINK, item.link)):
                if message := _long(what, limit, text):
                    yield Problem(where, f"Evidence item {number}{at}: {message}")
            link = item.link.strip()
            if link and len(link) <= limits.LINK and not limits.is_web_link(link):
                shown = link if len(link) <= 60 else link[:59] + "…"
                yield Problem(where, f"Evidence item {number}{at}: the link \"{shown}\" is not a web address. Links "
                              "must start with https:// or http://; correct it or remove it, and import the file again")


def _closing_problems(ret: Return, framework: Framework, places: Places) -> Iterator[Problem]:
    statement = ret.data_model
    if statement.changed and statement.current is None:
        levels = framework.data_model_levels
        yield Problem("Data model", f"The return says the data model has changed{places.at(places.changed)} but does "
                      f"not give the current data model. Give it (a number from {levels[0]} to {levels[-1]}, for "
                      "example \"Yes. Current data model: 4\"), or answer No, and import the file again")
    if message := _long("Reason", limits.REASON, statement.change_reason):
        yield Problem("Data model", f"Why the data model changed: {message}")
    for descriptor_id in repeated_priorities(framework, list(ret.priority_ids)):
        lines = places.priorities.get(descriptor_id, ())
        yield Problem("Priorities", f"{descriptor_id} is chosen more than once{places.at_all(lines)}. The same "
                      "descriptor twice is one priority: choose another descriptor or remove the repeat")
    for choice in ret.priorities:
        if message := _long("Reason", limits.RATIONALE, choice.rationale):
            yield Problem("Priorities", f"The rationale for {choice.descriptor_id}: {message}")


def return_problems(ret: Return, framework: Framework, places: Places | None = None) -> list[Problem]:
    """Everything in ``ret`` the toolkit would not let a person type (see the module)."""
    where = places or Places()
    return [*_answer_problems(ret, framework, where), *_closing_problems(ret, framework, where)]

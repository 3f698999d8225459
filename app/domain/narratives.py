"""Drafting a descriptor's two narratives from a workshop's agreement: the toolkit's rule, not
the guide's (the guide says only that each descriptor records "What is working well and what
evidence do you have?" and "What are you prioritising next?").

The rule, said on the agree page as the toolkit's:
- "What is working well" gets the agreed score and the group's rationale, then each chosen
  comment whose author scored at or above the agreed score (or said "don't know");
- "What are you prioritising next" gets each chosen comment whose author scored below the
  agreed score: what they saw missing is a lead for what to do next;
- every comment is credited to its stakeholder group, and to the person where the workshop
  shows names;
- what the assessment already says comes first, so drafting never loses it;
- in an edition with other prompts, the first takes what "What is working well" takes and the
  last what "What are you prioritising next" takes (Framework.drafting_keys); the others are
  left as they are; in an edition of one prompt, it takes both, what works first.

Pure Python: imports nothing from Flask, SQLAlchemy or WTForms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.domain import limits


@dataclass(frozen=True)
class DraftComment:
    text: str
    group: str
    score: int | None
    who: str = ""  # empty unless the workshop names people in evidence


@dataclass(frozen=True)
class Narratives:
    """The two narratives a workshop drafts: ``working_well`` lands on the edition's first prompt
    and ``prioritising_next`` on its last (``keys``, see :meth:`Framework.drafting_keys`); an
    edition's other prompts are left as they are."""

    working_well: str
    prioritising_next: str
    keys: tuple[str, str] = ("working_well", "prioritising_next")

    @property
    def single(self) -> bool:
        """Whether the edition asks one question only: everything is drafted into it."""
        return self.keys[0] == self.keys[1]

    @property
    def texts(self) -> dict[str, str]:
        """The drafted texts by prompt key (an edition of one prompt gets both, one after the other)."""
        well_key, next_key = self.keys
        if self.single:
            return {well_key: _joined(self.working_well, [self.prioritising_next] if self.prioritising_next else [])}
        return {well_key: self.working_well, next_key: self.prioritising_next}

    @classmethod
    def of(cls, answers: Mapping[str, str], keys: tuple[str, str]) -> Narratives:
        """The two drafted narratives as ``answers`` (by prompt key) hold them now (an edition of
        one prompt: all of it in ``working_well``, so it is never counted twice)."""
        well_key, next_key = keys
        return cls(answers.get(well_key, ""), "" if well_key == next_key else answers.get(next_key, ""), keys)


def _credited(comment: DraftComment) -> str:
    source = f"{comment.group}, {comment.who}" if comment.who else comment.group
    return f"- {source}: {comment.text.strip()}"


def _joined(existing: str, lines: list[str]) -> str:
    parts = [p for p in (existing.strip(), "\n".join(lines)) if p]
    return "\n\n".join(parts)[:limits.NARRATIVE]


def draft(workshop_title: str, score: int, rationale: str, comments: list[DraftComment],
          existing: Narratives = Narratives("", "")) -> Narratives:
    """The two narratives drafted from an agreed score, its rationale and the chosen comments."""
    well = [f"Agreed score {score} in the workshop {workshop_title}."]
    if rationale.strip():
        well.append(rationale.strip())
    next_steps: list[str] = []
    for comment in comments:
        if not comment.text.strip():
            continue
        lower = comment.score is not None and comment.score < score
        (next_steps if lower else well).append(_credited(comment))
    if next_steps:
        next_steps.insert(0, f"Raised in the workshop {workshop_title} by those who scored below {score}:")
    if existing.single:  # one question: what to do next follows what works, in the same text
        return Narratives(_joined(_joined(existing.working_well, well), next_steps), "", existing.keys)
    return Narratives(_joined(existing.working_well, well), _joined(existing.prioritising_next, next_steps),
                      existing.keys)

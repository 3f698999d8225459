"""The guide's 0–5 scale as a form shows it: one radio per level ("3 – Established in places"),
each with the level's meaning as its hint. Used by every form that asks for a score (the
descriptor page, a participant's answer, the agreed score) so they read alike."""

from __future__ import annotations

from wtforms import SelectChoice

from app.domain.framework import Framework


def scale_choices(framework: Framework) -> list[SelectChoice]:
    return [SelectChoice(str(level.score), f"{level.score} – {level.label}") for level in framework.scale.levels]


def scale_hints(framework: Framework) -> list[dict]:
    """One GOV.UK radios item per level, carrying the level's meaning as its hint."""
    return [{"hint": {"text": level.meaning}} for level in framework.scale.levels]

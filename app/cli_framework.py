"""What `ehsg framework show` prints (an edition of the guide as text or as JSON-ready data)
and what `ehsg framework check FILE` finds in an edition file (every problem, with its line).

Kept beside the command line (``app/cli.py``), its only reader; pure, like the domain it reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.domain.editions import DEFAULT_DESCRIPTORS_DIR, FrameworkError, crosswalk_problems, load_framework
from app.domain.framework import Framework
from app.domain.priorities import explain_rule

__all__ = ["check_edition_file", "framework_as_dict", "render_check_text", "render_framework_text"]


def check_edition_file(path: str | Path, editions_dir: str | Path | None = None) -> dict[str, Any]:
    """Every problem of an edition file at once: ``{"ok": bool, "problems": [{"line": n,
    "message": "..."}]}``, ``line`` counted from 1 (None when the problem is the whole file,
    e.g. it cannot be read). The message names the place in the file and what to fix. A crosswalk
    is checked against the earlier edition it names as ``editions_dir`` (default: the project's
    descriptors/) holds it."""
    try:
        framework = load_framework(path)
        found = crosswalk_problems(framework, _other_editions(Path(path), Path(editions_dir or DEFAULT_DESCRIPTORS_DIR)))
        if found:
            raise FrameworkError(path, found)
    except FrameworkError as error:
        problems = [
            {"line": p.line, "message": f"{p.place}: {p.message}" if p.place else p.message}
            for p in sorted(error.problems, key=lambda p: (p.line is not None, p.line or 0))
        ]
        return {"ok": False, "problems": problems}
    return {"ok": True, "problems": []}


def _other_editions(path: Path, directory: Path) -> dict[str, Framework]:
    """The editions the application would load beside the file checked, so a crosswalk is
    checked against the earlier edition it names. A file there that does not load is left out
    (unlike ``load_frameworks``, which refuses the folder): it is not the one being checked."""
    found: dict[str, Framework] = {}
    for other in sorted(directory.glob("*.yaml")):
        if other.resolve() == path.resolve():
            continue
        try:
            edition = load_framework(other)
        except FrameworkError:
            continue
        found.setdefault(edition.id, edition)
    return found


def render_check_text(path: str | Path, result: dict[str, Any]) -> str:
    """``FILE:LINE: message`` per problem (as compilers print them), or that the file is fine."""
    if result["ok"]:
        return f"{path}: no problems found; the edition file is valid.\n"
    lines = [f"{path}:{p['line']}: {p['message']}" if p["line"] is not None else f"{path}: {p['message']}" for p in result["problems"]]
    count = len(result["problems"])
    lines.append(f"{count} problem{'s' if count != 1 else ''} found.")
    return "\n".join(lines) + "\n"


def framework_as_dict(framework: Framework) -> dict[str, Any]:
    """The framework as plain JSON-ready data (strings, numbers, lists, dicts)."""
    rule = framework.priority_rule
    return {
        "edition": {
            "id": framework.edition.id,
            "title": framework.edition.title,
            "publisher": framework.edition.publisher,
            "label": framework.edition.label,
            "year": framework.edition.year,
        },
        "vision": {
            "definition": framework.vision_definition,
            "headings": [{"name": h.name, "statements": list(h.statements)} for h in framework.vision],
        },
        "prompts": [{"key": p.key, "label": p.label} for p in framework.narrative_prompts],
        "scale_lowest": framework.scale.minimum,
        "scale_highest": framework.scale.maximum,
        "scale": [{"score": lv.score, "label": lv.label, "meaning": lv.meaning} for lv in framework.scale.levels],
        "scale_source": framework.scale.source,
        "scale_note": framework.scale.note,
        "sections": [
            {
                "id": s.id,
                "name": s.name,
                "is_data": s.is_data,
                "descriptors": [{"id": d.id, "title": d.title, "label": d.label, "text": d.text} for d in s.descriptors],
            }
            for s in framework.sections
        ],
        "earned_autonomy": {
            str(year): dict(minimums) for year, minimums in sorted(framework.earned_autonomy.items())
        },
        "earned_autonomy_sources": {
            str(year): framework.threshold_source(year) for year in sorted(framework.earned_autonomy)
        },
        "data_models": [{"level": m.level, "name": m.name, "definition": m.definition} for m in framework.data_models],
        "priority_rule": {
            "kind": rule.kind,
            "required": rule.required,
            "data_section_id": rule.data_section_id,
            "service_section_ids": [s.id for s in framework.service_sections],
            "compositions": {str(level): {"data": c.data, "service": c.service} for level, c in rule.compositions.items()},
            "methodology": list(rule.methodology),
            "data_models_intro": rule.data_models_intro,
        },
        "permissions": [
            {"key": p.key, "context": p.context, "question": p.question, "hint": p.hint} for p in framework.permissions
        ],
        "crosswalk": None if framework.crosswalk is None else {
            "from": framework.crosswalk.earlier_edition,
            "descriptors": {d: {"change": e.change, "earlier": list(e.earlier)} for d, e in framework.crosswalk.entries.items()},
            "retired": list(framework.crosswalk.retired),
        },
    }


def render_framework_text(framework: Framework) -> str:
    """A readable plain-text rendering of the whole framework."""
    e = framework.edition
    out: list[str] = [
        f"{e.title} ({e.label}, {e.year})",
        f"Edition id: {e.id}",
        f"Published by: {e.publisher}",
        "",
        "THE EARLY HELP VISION",
        framework.vision_definition,
    ]
    for heading in framework.vision:
        out += ["", heading.name]
        out += [f"  {n}. {s}" for n, s in enumerate(heading.statements, start=1)]

    count = len(framework.narrative_prompts)
    questions = "one question" if count == 1 else f"{count} questions"
    out += ["", "THE SELF-ASSESSMENT", f"For each descriptor, a score and {questions}:"]
    out += [f"  - {p}" for p in framework.prompts]
    for section in framework.sections:
        marker = " (the Data section)" if section.is_data else ""
        out += ["", f"{section.id} {section.name}{marker}"]
        for d in section.descriptors:
            lead = f"{d.id} {d.title}: " if d.title else f"{d.id} "
            out.append(f"  {lead}{d.text}")

    out += ["", f"SCALE ({framework.scale.minimum} to {framework.scale.maximum})"]
    if framework.scale.source == "toolkit":
        out.append("The wording of this scale is the toolkit's, not the guide's. " + framework.scale.note)
    else:
        out.append(framework.scale.note)
    out += [f"  {lv.score} {lv.label}: {lv.meaning}" for lv in framework.scale.levels]

    out += ["", "EARNED AUTONOMY, STAGE 1: MINIMUM SCORES"]
    if not framework.has_earned_autonomy:
        out.append("  This edition has no Earned Autonomy thresholds.")
    for year, minimums in sorted(framework.earned_autonomy.items()):
        out.append(f"  From {year}, as {framework.threshold_source(year)} sets them: "
                   + ", ".join(f"{d} at least {m}" for d, m in minimums.items()))

    if framework.has_data_models:
        out += ["", "DATA MODELS"]
        out += [f"  {m.level} {m.name}: {m.definition}" for m in framework.data_models]

    out += ["", "CHOOSING PRIORITY DESCRIPTORS"]
    out += [f"  {text}" for text in framework.priority_rule.methodology]
    if framework.priority_rule.by_data_model:
        out += [f"  {explain_rule(framework, level)}" for level in framework.data_model_levels]
    else:
        out.append(f"  {explain_rule(framework, None)}")

    if framework.permissions:
        out += ["", "PERMISSIONS"]
        out += [f"  [{p.key}] {p.question}" for p in framework.permissions]

    walk = framework.crosswalk
    if walk is not None:
        out += ["", f"CROSSWALK FROM {walk.earlier_edition}"]
        out += [f"  {d}: {e.change}" + (f" (from {', '.join(e.earlier)})" if e.earlier else "")
                for d, e in walk.entries.items()]
        if walk.retired:
            out.append(f"  Retired: {', '.join(walk.retired)}")
    return "\n".join(out) + "\n"

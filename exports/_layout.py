"""The wording the Word writer uses and the importer recognises (kept in one place so the
two cannot drift apart)."""

from __future__ import annotations

#: The guide's heading for the score column of each descriptor's table (0-5 scale).
SCORE_PROMPT = "Self-Assessment Score – Answer 0 to 5 – see scale above"
#: Written where a narrative is empty (and read back as empty).
NONE_RECORDED = "None recorded."
#: Written where a descriptor has no evidence items (and skipped when read back).
NO_EVIDENCE = "No evidence items listed."
#: The header row of each descriptor's evidence table (the importer recognises it).
EVIDENCE_HEADERS = ("Evidence", "Kind", "Agency", "Date", "Link")
#: "Descriptor one: 7.3 – Communities", "Descriptor two: ...".
ORDINALS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
#: Further optional priorities after the required ones: "Further priority 1: 5.2 – ...".
FURTHER_PRIORITY = "Further priority"

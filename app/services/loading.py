"""Returns the department received outside the service, loaded as sent returns (issue 16):
``ehsg import PATH... --sent``. Each file is imported as ``ehsg import`` does (its area's
partnership made when missing) and recorded as version 1 sent, in one transaction: all or nothing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from app.data import Assessment, AssessmentStatus, Submission
from app.data import submissions as data
from app.data.base import utcnow
from app.data.transaction import operation
from app.domain.framework import Framework
from app.services import returns, sharing
from app.services.returns import FileImport, ImportProblems

#: Who sent a return loaded from a file: nobody in the service.
LOADED = "loaded by the department (ehsg import --sent)"


@operation
def _load(name: str, content: bytes, frameworks: Mapping[str, Framework], edition: str | None,
          partnership_name: str | None, year: int | None) -> Assessment:
    ret, guide = returns.read_in_its_edition(name, content, frameworks, edition)
    assessment = returns.import_return(ret, guide, partnership_name=partnership_name, year=year, source=name)
    # What the department received is final: read-only history, as a file that says it was signed
    # off comes in, until the partnership reopens it.
    assessment.status = AssessmentStatus.IMPORTED
    row = Submission(assessment_id=assessment.id, version=1, sent_at=utcnow(), sent_by_id=None, sent_by_name=LOADED,
                     signed_off_at=assessment.signed_off_at, return_json=returns.return_json(assessment).decode())
    row.figures = sharing.figures_for(row.return_json, assessment.edition_id).to_json()
    data.add(row)
    return assessment


def load_sent(files: Iterable[tuple[str, bytes]], frameworks: Mapping[str, Framework], *, edition: str | None = None,
              partnership_name: str | None = None, year: int | None = None) -> list[FileImport]:
    """Import each file, read in its edition as ``returns.import_files`` reads it, and record it as
    sent, each all or nothing on its own."""
    results = []
    for name, content in files:
        try:
            results.append(FileImport(name, assessment=_load(name, content, frameworks, edition, partnership_name,
                                                             year)))
        except ImportProblems as problems:
            results.append(FileImport(name, problems=tuple(problems.problems)))
    return results

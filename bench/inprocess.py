"""Parts 2, 3 and 4, run inside this process on the same PostgreSQL database:

2. export: the complete assessment to Word (all charts), XLSX and JSON; and the floor,
   python-docx writing the same text without charts;
3. import: seed 003 as text and as Word, read and saved as an assessment;
4. page work: the server time of pages (the Flask app called directly, no network) and the
   number of database queries each makes, at two sizes of data.
"""

from __future__ import annotations

import io
import itertools
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event

from app.extensions import db
from app.frameworks import framework
from app.services import returns
from bench import seed
from bench.http_client import hidden_fields
from bench.stats import Samples, timed
from exports import charts, docx_writer


class QueryCounter:
    """Counts the SQL statements the application sends while it is on."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.count = 0
        self.on = False
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args, **kwargs) -> None:
        if self.on:
            self.count += 1

    @contextmanager
    def counting(self):
        self.count, self.on = 0, True
        try:
            yield self
        finally:
            self.on = False


class SignedIn:
    """A test client signed in as someone, the way a browser signs in (GET, CSRF token, POST)."""

    def __init__(self, app, email: str) -> None:
        self.client = app.test_client()
        page = self.client.get("/login")
        token = hidden_fields(page.get_data(as_text=True))["csrf_token"]
        sent = self.client.post("/login", data={"csrf_token": token, "email": email, "password": seed.PASSWORD})
        assert sent.status_code == 302, sent.status_code

    def get(self, path: str, **kwargs):
        return self.client.get(path, **kwargs)


@dataclass
class PageFigure:
    page: str
    size: str
    median_ms: float
    p95_ms: float
    queries: int


def _measure_page(counter: QueryCounter, get, path: str, runs: int, headers: dict | None = None) -> tuple[Samples, int]:
    def once():
        response = get(path, headers=headers or {})
        assert response.status_code == 200, (path, response.status_code)

    with counter.counting() as counted:
        once()
    samples = timed(once, runs, warm_up=1)
    return samples, counted.count


def _engine(app):
    with app.app_context():
        return db.engine


def page_work(app, small: seed.PageData, large: seed.PageData, runs: int = 20) -> list[PageFigure]:
    """Server time and queries of the pages whose cost could grow with the data.

    Call outside any application context: each request then gets its own, and its own
    database session, as under gunicorn."""
    counter = QueryCounter(_engine(app))
    figures = []
    for size, data in (("small", small), ("large", large)):
        label = f"{data.descriptors} descriptors x {data.answers_each} answers"
        facilitator = SignedIn(app, data.facilitator_email)
        coordinator = SignedIn(app, data.coordinator_email)
        base = f"/assessments/{data.assessment_id}/workshops/{data.workshop_id}"
        pages = (
            ("assessment overview", coordinator.get, f"/assessments/{data.assessment_id}", None),
            ("facilitator view (descriptor page)", facilitator.get, f"{base}/descriptors/{data.descriptor_id}", None),
            ("facilitator live refresh (JSON)", facilitator.get, f"{base}/descriptors/{data.descriptor_id}/live",
             {"Accept": "application/json"}),
            ("workshop page", facilitator.get, base, None),
            ("presenter view", facilitator.get, f"{base}/present", None),
            ("return as JSON (download)", coordinator.get, f"/assessments/{data.assessment_id}/export/json", None),
        )
        for name, get, path, headers in pages:
            samples, queries = _measure_page(counter, get, path, runs, headers)
            figures.append(PageFigure(name, f"{size}: {label}", round(samples.median * 1000, 1), samples.ms(95), queries))
    return figures


def participant_requests(app, workshop: seed.LiveWorkshop, runs: int = 31) -> list[PageFigure]:
    """Server time and queries of the three requests of one answer, for a participant who joined
    (outside any application context, like page_work)."""
    counter = QueryCounter(_engine(app))
    client = app.test_client()
    code_path = f"/join/{workshop.code[:4]}-{workshop.code[4:]}"
    page = client.get(code_path)
    joined = client.post(code_path, data={**hidden_fields(page.get_data(as_text=True)), "name": "Pat Page",
                                          "organisation": "Bench Trust", "group": "health"})
    assert joined.status_code == 302, joined.status_code
    kinds = {"question page (GET)": Samples(), "answer (POST)": Samples(), "page after the answer (GET)": Samples()}
    queries = {k: 0 for k in kinds}
    for n, descriptor_id in enumerate(itertools.islice(itertools.cycle(workshop.descriptor_ids), runs)):
        path = f"{code_path}/questions/{descriptor_id}"
        steps = []
        with counter.counting() as c:
            started = time.perf_counter()
            page = client.get(path)
            steps.append(("question page (GET)", time.perf_counter() - started, c.count, page.status_code, 200))
        fields = hidden_fields(page.get_data(as_text=True))
        with counter.counting() as c:
            started = time.perf_counter()
            sent = client.post(path, data={"csrf_token": fields["csrf_token"], "round": fields["round"],
                                           "score": str(n % 6), "comment": ""})
            steps.append(("answer (POST)", time.perf_counter() - started, c.count, sent.status_code, 302))
        with counter.counting() as c:
            started = time.perf_counter()
            after = client.get(sent.headers["Location"])
            steps.append(("page after the answer (GET)", time.perf_counter() - started, c.count, after.status_code, 200))
        for kind, seconds, count, status, expected in steps:
            assert status == expected, (kind, status)
            if n:  # the first answer warms up
                kinds[kind].add(seconds)
            queries[kind] = count
    return [PageFigure(kind, "live workshop, 31 descriptors", round(s.median * 1000, 1), s.ms(95), queries[kind])
            for kind, s in kinds.items()]


# --- Part 2: export ----------------------------------------------------------------------------


@dataclass
class ExportFigures:
    docx_s: float  # median, every chart drawn afresh
    docx_warm_s: float  # median, charts already drawn for the same figures
    xlsx_s: float
    json_s: float
    floor_s: float
    docx_bytes: int
    charts_s: float
    runs: int

    @property
    def floor_ratio(self) -> float:
        return self.docx_s / self.floor_s if self.floor_s else 0.0


def _document_text(content: bytes) -> list[tuple[str, object]]:
    """What the Word return says, in order: ("p", (style, text)) and ("t", rows of cell texts)."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(content))
    found: list[tuple[str, Any]] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(child, document)
            found.append(("p", (p.style.name if p.style is not None else "Normal", p.text)))
        elif tag == "tbl":
            table = Table(child, document)
            found.append(("t", [[cell.text for cell in row.cells] for row in table.rows]))
    return found


def floor_docx(blocks: list[tuple[str, Any]]) -> bytes:
    """The floor: python-docx's own API writing the same paragraphs and tables, no charts."""
    from docx import Document

    document = Document()
    styles = {s.name for s in document.styles}
    for kind, value in blocks:
        if kind == "p":
            style, text = value
            document.add_paragraph(text, style=style if style in styles else None)
        else:
            rows = value
            if not rows:
                continue
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for row, texts in zip(table.rows, rows, strict=True):
                for cell, text in zip(row.cells, texts, strict=False):
                    cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def export_figures(complete: seed.CompleteAssessment, runs: int = 7) -> ExportFigures:
    from app.services import assessments

    def load():
        db.session.remove()  # every run reads the assessment afresh, as a download does
        found = assessments.assessment(complete.assessment_id)
        return found, framework(found.edition_id)

    def export(key):
        found, guide = load()
        return returns.export(found, guide, key).content

    cold = timed(lambda: export("docx"), runs, warm_up=1, before=charts.clear_cache)
    warm = timed(lambda: export("docx"), runs, warm_up=1)
    xlsx = timed(lambda: export("xlsx"), runs, warm_up=1)
    as_json = timed(lambda: export("json"), runs, warm_up=1)
    content = export("docx")
    blocks = _document_text(content)
    floor = timed(lambda: floor_docx(blocks), runs, warm_up=1)
    found, guide = load()
    ret = returns.return_of(found.id)
    earlier = assessments.previous(found)
    previous = returns.return_of(earlier.id) if earlier else None
    assert ret is not None and previous is not None
    drawn = timed(lambda: (charts.profile_chart(ret, guide), charts.earned_autonomy_chart(ret, guide),
                           charts.comparison_chart(ret, previous, guide)), runs, warm_up=1, before=charts.clear_cache)
    return ExportFigures(cold.median, warm.median, xlsx.median, as_json.median, floor.median, len(content),
                         drawn.median, runs)


# --- Part 3: import ----------------------------------------------------------------------------


@dataclass
class ImportFigures:
    text_read_s: float
    text_import_s: float  # read and saved
    word_read_s: float
    word_import_s: float
    word_bytes: int
    runs: int

    @property
    def slowest_s(self) -> float:
        return max(self.text_import_s, self.word_import_s)


def import_figures(runs: int = 7) -> ImportFigures:
    guide = framework("ehsg-2022")
    text = seed.SEED_003.read_bytes()
    word = docx_writer.write_docx(returns.read(seed.SEED_003.name, text, guide), guide)
    numbers = itertools.count(1)

    def save(filename: str, content: bytes):
        ret = returns.read(filename, content, guide)
        returns.import_return(ret, guide, partnership_name=f"Import Bench {next(numbers)}", year=2022,
                              source="benchmark import")

    text_read = timed(lambda: returns.read("return.txt", text, guide), runs)
    text_import = timed(lambda: save("return.txt", text), runs)
    word_read = timed(lambda: returns.read("return.docx", word, guide), runs)
    word_import = timed(lambda: save("return.docx", word), runs)
    return ImportFigures(text_read.median, text_import.median, word_read.median, word_import.median, len(word), runs)


# --- Profiles (make bench PROFILE=1) -------------------------------------------------------------


def profile(path, action, repeat: int = 5) -> None:
    """Write a pyinstrument profile of ``action`` (run ``repeat`` times) as text to ``path``."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(repeat):
        action()
    profiler.stop()
    path.write_text(profiler.output_text(unicode=False, color=False))


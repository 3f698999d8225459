"""The workbook and the CSV: read back with openpyxl and csv; nothing becomes a formula."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import exports_testkit as kit
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook

from app.domain.returns import DescriptorAnswer, Evidence, Return
from exports._summary import DESCRIPTOR_HEADERS, descriptor_headers
from exports.csv_writer import write_csv
from exports.xlsx_writer import SHEETS, write_xlsx

NASTY = '=HYPERLINK("http://evil.example","Click for evidence")'


def _nasty(ret: Return) -> Return:
    first = replace(
        ret.answers[0],
        working_well=NASTY,
        prioritising_next="+1 more thing\x07 with a bell",
        evidence=(Evidence("@SUM(1+1)", agency="-2 agencies", link="\tcmd"),),
    )
    return replace(ret, answers=(first,) + ret.answers[1:], area="=Sefton")


def _rows(ws) -> list[tuple]:  # type: ignore[no-untyped-def]
    return list(ws.iter_rows(values_only=True))


def test_sheets_and_descriptor_rows(full_return, framework):
    wb = load_workbook(io.BytesIO(write_xlsx(full_return, framework)))
    assert tuple(wb.sheetnames) == SHEETS
    rows = _rows(wb["Descriptors"])
    assert rows[0] == descriptor_headers(framework)
    assert "Score label (the toolkit's wording, not the guide's)" in rows[0]
    assert len(rows) == 1 + len(framework.descriptors)
    by_id = {r[2]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    for d in framework.descriptors:
        assert by_id[d.id]["Score"] == kit.SEFTON_2022[d.id]
    r51 = by_id["5.1"]
    assert r51["Section"] == "5" and r51["Title"] == "Family engagement"
    assert r51["Earned Autonomy minimum"] == 4 and r51["Minimum met"] == "No"
    assert by_id["9.7"]["Minimum met"] == "Yes"
    assert by_id["6.2"]["Earned Autonomy minimum"] is None
    assert (by_id["7.3"]["Priority"], by_id["6.4"]["Priority"], by_id["9.4"]["Priority"], by_id["5.1"]["Priority"]) == (1, 2, 3, None)
    assert r51["What is working well and what evidence do you have?"].startswith("Working well for 5.1")
    assert r51["Evidence items"] == 2
    assert (r51["Workshop n"], r51["Workshop median"], r51["Workshop min"], r51["Workshop max"]) == (14, 2.5, 1, 5)


def test_header_rows_are_bold_and_frozen(full_return, framework):
    wb = load_workbook(io.BytesIO(write_xlsx(full_return, framework)))
    for name in SHEETS:
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert all(c.font.bold for c in ws[1] if c.value is not None), name


def test_other_sheets(full_return, framework, last_year):
    wb = load_workbook(io.BytesIO(write_xlsx(full_return, framework, previous=last_year)))
    prio = _rows(wb["Priorities"])
    assert [r[1] for r in prio[1:]] == ["7.3", "6.4", "9.4"]
    ea = _rows(wb["Earned Autonomy"])
    assert [r[0] for r in ea[1:]] == ["5.1", "6.1", "6.3", "8.1", "8.3", "9.1", "9.3", "9.4", "9.7"]
    assert sum(1 for r in ea[1:] if r[4] == "Yes") == 1
    perms = _rows(wb["Permissions"])
    assert [(r[0], r[2]) for r in perms[1:]] == [("dfe", "Yes"), ("coordinators", "Yes"), ("other_departments", "No")]
    evidence = _rows(wb["Evidence"])
    assert len(evidence) == 1 + 2 * len(framework.descriptors)
    workshops = _rows(wb["Workshops"])
    header = workshops[0]
    assert header[:8] == ("Descriptor", "Workshop", "Held on", "Group", "n", "Median", "Min", "Max")
    assert [h for h in header if str(h).startswith("Scored ")] == [f"Scored {i}" for i in range(6)]
    everyone = [r for r in workshops[1:] if r[3] == "Everyone"]
    assert len(everyone) == sum(1 for a in full_return.answers if a.workshop)
    assert everyone[0][8:14] == (0, 1, 4, 6, 2, 1)
    assert {r[3] for r in workshops[1:]} >= {"Health", "Schools"}
    desc = _rows(wb["Descriptors"])
    assert desc[0][-2:] == ("Last year's score", "Change since last year")


def test_formulas_are_neutralised_in_the_workbook(full_return, framework):
    ret = _nasty(full_return)
    wb = load_workbook(io.BytesIO(write_xlsx(ret, framework)))
    ws = wb["Descriptors"]
    header = [c.value for c in ws[1]]
    cell = ws.cell(row=2, column=header.index("What is working well and what evidence do you have?") + 1)
    assert cell.value == "'" + NASTY
    assert cell.data_type == "s"
    assert ws.cell(row=2, column=header.index("What are you prioritising next?") + 1).value == "'+1 more thing with a bell"
    ev = _rows(wb["Evidence"])[1]
    assert ev[1] == "'@SUM(1+1)" and ev[3] == "'-2 agencies" and ev[5] == "'\tcmd"
    assert wb["Summary"]["B2"].value == "'=Sefton"
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                assert c.data_type != "f", (sheet.title, c.coordinate, c.value)


def test_csv_rows(full_return, framework):
    data = write_csv(full_return, framework)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == descriptor_headers(framework)
    assert rows[0][DESCRIPTOR_HEADERS.index("Score label")] == "Score label (the toolkit's wording, not the guide's)"
    assert len(rows) == 1 + len(framework.descriptors)
    assert {r[2]: int(r[5]) for r in rows[1:]} == kit.SEFTON_2022
    well = rows[1][10]
    assert well.startswith("Working well for 5.1") and "\n\nAudits of 20 cases" in well
    assert b"\r\n" in data


def test_formulas_are_neutralised_in_the_csv(full_return, framework):
    rows = list(csv.reader(io.StringIO(write_csv(_nasty(full_return), framework).decode("utf-8-sig"), newline="")))
    assert rows[1][10] == "'" + NASTY
    assert rows[1][11] == "'+1 more thing with a bell"
    for row in rows:
        for field in row:
            assert not field.startswith(("=", "+", "-", "@", "\t", "\r")), field


def test_text_too_long_for_a_cell_is_cut_saying_so(framework):
    ret = Return("A", 2022, "ehsg-2022", answers=(DescriptorAnswer("5.1", 3, "x" * 40_000),))
    wb = load_workbook(io.BytesIO(write_xlsx(ret, framework)))
    header = [c.value for c in wb["Descriptors"][1]]
    value = wb["Descriptors"].cell(row=2, column=header.index("What is working well and what evidence do you have?") + 1).value
    assert len(value) == 32767 and value.endswith("see the Word or JSON export for the full text]")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kit.returns(ids=kit.st.sampled_from(list(kit.SEFTON_2022)), edition=kit.st.just("ehsg-2022")))
def test_any_text_makes_valid_spreadsheets(framework, ret: Return):
    wb = load_workbook(io.BytesIO(write_xlsx(ret, framework)))
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                assert c.data_type != "f"
    rows = list(csv.reader(io.StringIO(write_csv(ret, framework).decode("utf-8-sig"), newline="")))
    assert len(rows) == 1 + len(framework.descriptors)

"""Which edition a return is read in when several are installed (exports/edition_choice.py,
issue 14): the JSON names it, a Word or text return is matched by its descriptors and year,
a given edition overrides, and when the toolkit cannot tell it says so and asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.editions import DEFAULT_DESCRIPTORS_DIR, load_framework
from app.domain.framework import Framework
from app.domain.returns import DescriptorAnswer, PriorityChoice, Return
from exports import docx_writer, json_format
from exports.importers import read_return_in
from exports.problems import ImportProblems

PROOF = Path(__file__).resolve().parents[2] / "fixtures" / "editions" / "proof-2025.yaml"


@pytest.fixture(scope="module")
def proof() -> Framework:
    return load_framework(PROOF)


@pytest.fixture(scope="module")
def both(framework: Framework, proof: Framework) -> dict[str, Framework]:
    return {framework.id: framework, proof.id: proof}


@pytest.fixture(scope="module")
def proof_return(proof: Framework) -> Return:
    answers = tuple(DescriptorAnswer(d.id, 1 + i % 4, narratives={"strengths": f"Strong {d.id}.", "evidence": f"Shown {d.id}.",
                                                                  "next_steps": f"Next {d.id}."})
                    for i, d in enumerate(proof.descriptors))
    return Return("Testshire", 2025, proof.id, answers=answers, priorities=(PriorityChoice("I.1"), PriorityChoice("F.2")))


def _problems(call) -> list[str]:
    with pytest.raises(ImportProblems) as caught:
        call()
    return caught.value.messages


def test_sefton_2022_is_still_read_as_ehsg_2022(both, seed_bytes: bytes, seed_docx: bytes) -> None:
    assert read_return_in("sefton.txt", seed_bytes, both).edition_id == "ehsg-2022"
    assert read_return_in("sefton.docx", seed_docx, both).edition_id == "ehsg-2022"
    again = read_return_in("sefton.json", json_format.to_json(read_return_in("sefton.txt", seed_bytes, both)), both)
    assert again == read_return_in("sefton.txt", seed_bytes, both)


def test_the_proof_edition_is_told_from_its_json_and_its_word(both, proof, proof_return) -> None:
    assert read_return_in("p.json", json_format.to_json(proof_return), both) == proof_return
    assert read_return_in("p.docx", docx_writer.write_docx(proof_return, proof), both) == proof_return


def test_a_given_edition_overrides_the_file(both, seed_bytes: bytes) -> None:
    problems = _problems(lambda: read_return_in("sefton.txt", seed_bytes, both, "proof-2025"))
    assert problems[0].startswith("File: No descriptors were found")
    assert "F.1 - Feedback" in problems[0]  # the example is the edition's own first descriptor
    assert _problems(lambda: read_return_in("sefton.txt", seed_bytes, both, "ehsg-1999")) == [
        'Edition: There is no edition "ehsg-1999". Editions: The Early Help System Guide 2022 (ehsg-2022), '
        "The Proof Framework 2025 (proof-2025)"]


def test_json_of_an_edition_the_toolkit_lacks_is_refused_naming_those_it_has(both, proof_return) -> None:
    data = json_format.to_json(proof_return).replace(b'"proof-2025"', b'"proof-2031"')
    assert _problems(lambda: read_return_in("p.json", data, both)) == [
        'Edition: This return is for edition "proof-2031", which this toolkit does not have. It has: '
        "The Early Help System Guide 2022 (ehsg-2022), The Proof Framework 2025 (proof-2025)"]


def test_a_file_matching_no_edition_asks(both) -> None:
    [problem] = _problems(lambda: read_return_in("notes.txt", b"Minutes of the board\nNothing else.\n", both))
    assert problem.startswith("Edition: No descriptor of any edition of the guide the toolkit has was found")
    assert "Choose the edition of the guide the file follows (the edition on the upload page, or --edition KEY)" in problem


def test_two_editions_with_the_same_descriptors_are_told_apart_by_year(tmp_path: Path, framework, seed_text) -> None:
    later_path = tmp_path / "ehsg-2024.yaml"
    later_path.write_text((DEFAULT_DESCRIPTORS_DIR / "ehsg-2022.yaml").read_text(encoding="utf-8")
                          .replace("id: ehsg-2022", "id: ehsg-2024").replace("  year: 2022", "  year: 2024"), encoding="utf-8")
    later = load_framework(later_path)
    editions = {framework.id: framework, later.id: later}
    assert read_return_in("s.txt", seed_text.encode(), editions).edition_id == "ehsg-2022"  # Sefton's is for 2022
    assert read_return_in("s.txt", ("Year: 2024\n" + seed_text).encode(), editions).edition_id == "ehsg-2024"
    problems = _problems(lambda: read_return_in("s.txt", ("Year: 2021\n" + seed_text).encode(), editions))
    assert problems == [
        "Edition: The file's descriptors match ehsg-2022 and ehsg-2024 equally, and the file is for 2021, so the "
        "toolkit cannot tell which edition it follows. Choose the edition of the guide the file follows (the edition "
        "on the upload page, or --edition KEY): The Early Help System Guide 2022 (ehsg-2022), "
        "The Early Help System Guide 2024 (ehsg-2024)"]


def test_json_that_names_no_edition_asks_and_json_that_is_no_return_says_so(both, proof_return) -> None:
    import json

    nameless = json.loads(json_format.to_json(proof_return))
    del nameless["edition"]
    [problem] = _problems(lambda: read_return_in("p.json", json.dumps(nameless).encode(), both))
    assert problem.startswith("Edition: The file does not name the edition of the guide it follows. Choose the edition")
    [problem] = _problems(lambda: read_return_in("p.json", b'{"hello": 1}', both))
    assert problem.startswith("File: This JSON file is not an Early Help System Guide return")


def test_the_proof_edition_keeps_its_three_prompts_in_every_reader(both, proof, proof_return) -> None:
    answer = read_return_in("p.docx", docx_writer.write_docx(proof_return, proof), both).answers[0]
    assert answer.narratives == {"strengths": "Strong F.1.", "evidence": "Shown F.1.", "next_steps": "Next F.1."}


def test_a_narrative_to_a_prompt_the_edition_does_not_ask_is_refused_by_name(both, proof_return) -> None:
    import json

    obj = json.loads(json_format.to_json(proof_return))
    obj["answers"][0]["narratives"]["working_well"] = "Written for the 2022 guide"
    problems = _problems(lambda: read_return_in("p.json", json.dumps(obj).encode(), both))
    assert problems == ['F.1: "working_well" is not a narrative prompt of The Proof Framework (its prompts: strengths, '
                        'evidence, next_steps). Put the text under one of them, and import the file again']

"""The toolkit's exporters and importers: domain objects in, bytes out (and back).

- :mod:`exports.docx_writer`: the whole return as an editable Word document, laid out like
  the guide's return (:func:`write_docx`), with :mod:`exports.docx_descriptors` (the
  descriptor pages), :mod:`exports.docx_closing` (the closing sections) and
  :mod:`exports.docx_document` (the document and its building blocks);
- :mod:`exports.xlsx_writer`: the return as an Excel workbook (:func:`write_xlsx`);
- :mod:`exports.csv_writer`: one row per descriptor, for any spreadsheet (:func:`write_csv`);
- :mod:`exports.json_format`: the project's own lossless JSON format (:func:`to_json`; read back by
  :func:`exports.json_reader.from_json`, checked field by field with :mod:`exports.json_fields`;
  schema in ``return.schema.json``, described in ``README.md``);
- :mod:`exports.scores_only`: scores and priorities only, for sharing where the partnership
  said yes (:func:`write_scores_only`);
- :mod:`exports.charts`: the PNG charts embedded in the Word document;
- :mod:`exports.importers`: reading a return back from the project's JSON, or from a return
  laid out as in the guide (Word or plain text) (:func:`read_return`), with
  :mod:`exports.sniffing` (limits, kinds of file, encodings), :mod:`exports.word_package`
  (the guard against zip bombs), :mod:`exports.guide_reader` and :mod:`exports.guide_closing`
  (the guide's layout) and :mod:`exports.guide_lines` (text and Word as lines).

Pure: imports nothing from Flask, SQLAlchemy or WTForms (an import-linter contract says so);
it may import :mod:`app.domain`.
"""

from exports.problems import ImportProblems, NotShareable, Problem

__all__ = ["ImportProblems", "NotShareable", "Problem"]

"""The charts: PNGs, cached by their figures, described by their alternative text, drawn
without pyplot."""

from __future__ import annotations

import io
import subprocess
import sys
from dataclasses import replace

from PIL import Image

from exports import charts


def _size(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as im:
        assert im.format == "PNG"
        return im.size


def test_three_charts_are_pngs(full_return, last_year, framework):
    for png in (
        charts.profile_chart(full_return, framework),
        charts.earned_autonomy_chart(full_return, framework, 2022),
        charts.comparison_chart(full_return, last_year, framework),
    ):
        width, height = _size(png)
        assert width > 800 and height > 300


def test_charts_are_cached_by_their_figures(full_return, framework):
    charts.clear_cache()
    first = charts.profile_chart(full_return, framework)
    same_figures = replace(full_return, area="Elsewhere", answers=tuple(replace(a, working_well="changed") for a in full_return.answers))
    assert charts.profile_chart(same_figures, framework) is first
    info = charts._render_profile.cache_info()
    assert (info.hits, info.misses) == (1, 1)
    other = replace(full_return, answers=(replace(full_return.answers[0], score=5),) + full_return.answers[1:])
    assert charts.profile_chart(other, framework) != first


def test_alt_text_says_what_the_charts_show(full_return, last_year, framework):
    profile = charts.profile_alt_text(full_return, framework)
    assert profile.startswith("Bar chart of Sefton's 2022 self-assessment scores")
    assert "Family voice and experience all 3" in profile and "Data 2 to 3" in profile
    ea = charts.earned_autonomy_alt_text(full_return, framework, 2022)
    assert "1 of 9 met (9.7)" in ea and "5.1 (3, minimum 4)" in ea
    comparison = charts.comparison_alt_text(full_return, last_year, framework)
    assert "comparing 2022 scores with 2021" in comparison and "unchanged" in comparison


def test_unscored_descriptors_are_drawn_and_said(full_return, framework):
    ret = replace(full_return, answers=full_return.answers[:-3])
    png = charts.profile_chart(ret, framework)
    assert _size(png) == _size(charts.profile_chart(full_return, framework))  # the same chart, all 31 drawn
    assert png != charts.profile_chart(full_return, framework)  # three bars fewer
    assert "3 descriptors are not scored" in charts.profile_alt_text(ret, framework)
    assert "9.7 (not scored, minimum 3)" in charts.earned_autonomy_alt_text(ret, framework)


def test_the_exporters_leave_pyplot_and_the_backend_alone():
    code = (
        "import sys, matplotlib; raw = lambda: dict.__getitem__(matplotlib.rcParams, 'backend'); before = raw();"
        "import exports.docx_writer, exports.charts;"
        "from app.domain.editions import load_framework, DEFAULT_DESCRIPTORS_DIR;"
        "from app.domain.returns import Return, DescriptorAnswer;"
        "fw = load_framework(DEFAULT_DESCRIPTORS_DIR / 'ehsg-2022.yaml');"
        "ret = Return('A', 2022, 'ehsg-2022', answers=(DescriptorAnswer('5.1', 3),));"
        "exports.docx_writer.write_docx(ret, fw, previous=ret);"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported';"
        "print(before == raw())"
    )
    out = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True"

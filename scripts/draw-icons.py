"""Draw the toolkit's own icons into app/static/images (the images are committed; run this
again only when the mark changes): ``PYTHONPATH=$PWD .venv/bin/python scripts/draw-icons.py``.

The mark is ours, not GOV.UK's: three rising white bars (a self-assessment's scores) on a
blue square. One geometry, on a 32-unit grid, gives the SVG favicon and, through Pillow
(drawn four times larger and scaled down, for smooth edges), the ICO favicon, the
apple-touch icon and the web manifest's icons.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "app" / "static" / "images"
BLUE = "#1d70b8"
WHITE = "#ffffff"
GRID = 32
RADIUS = 6  # the SVG favicon's and the ICO's rounded corners
#: (x, y, width, height) of each bar on the 32-unit grid; they stand on y = 25.
BARS = ((7, 18, 5, 7), (13.5, 13, 5, 12), (20, 8, 5, 17))


def svg() -> str:
    bars = "".join(f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" fill="{WHITE}"/>' for x, y, w, h in BARS)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {GRID} {GRID}" width="{GRID}" height="{GRID}">'
        f"<title>Early Help System Guide toolkit</title>"
        f'<rect width="{GRID}" height="{GRID}" rx="{RADIUS}" fill="{BLUE}"/>{bars}</svg>\n'
    )


def png(size: int, rounded: bool) -> Image.Image:
    """The mark at ``size`` pixels square; ``rounded`` gives transparent rounded corners,
    otherwise the square is full (apple-touch and maskable icons are cut to shape by the
    device)."""
    big = size * 4
    unit = big / GRID
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=RADIUS * unit, fill=BLUE)
    else:
        draw.rectangle((0, 0, big - 1, big - 1), fill=BLUE)
    for x, y, w, h in BARS:
        draw.rectangle((x * unit, y * unit, (x + w) * unit - 1, (y + h) * unit - 1), fill=WHITE)
    small = image.resize((size, size), Image.Resampling.LANCZOS)
    return small if rounded else small.convert("RGB")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "favicon.svg").write_text(svg(), encoding="utf-8")
    icons = [png(n, rounded=True) for n in (48, 32, 16)]
    icons[0].save(OUT / "favicon.ico", format="ICO", sizes=[(48, 48), (32, 32), (16, 16)], append_images=icons[1:])
    png(180, rounded=False).save(OUT / "apple-touch-icon.png", optimize=True)
    for n in (192, 512):
        png(n, rounded=False).save(OUT / f"icon-{n}.png", optimize=True)


if __name__ == "__main__":
    main()

"""The digest's chart: the meeting rate per cycle as a PNG bar chart (pure: values in, bytes
out). Pillow draws it; a plotting library would bring far more than one bar chart needs."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 900, 420
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 70, 30, 60, 70
BACKGROUND = (255, 255, 255)
INK = (29, 28, 29)
GRID = (221, 221, 221)
BAR = (18, 100, 163)
EMPTY = (170, 170, 170)


def meeting_rate_chart(
    rates: tuple[float | None, ...], labels: tuple[str, ...], title: str, no_pairs: str
) -> bytes:
    """Bars of the share of groups that met, one per cycle (oldest first), labelled below;
    a cycle without any groups shows `no_pairs` instead of a bar."""
    assert len(rates) == len(labels)
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    title_font = ImageFont.load_default(size=22)
    font = ImageFont.load_default(size=14)
    draw.text((MARGIN_LEFT, 18), title, fill=INK, font=title_font)
    top, bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    for percent in range(0, 101, 25):
        y = bottom - (bottom - top) * percent / 100
        draw.line((left, y, right, y), fill=GRID, width=1)
        draw.text((left - 10, y), f"{percent} %", fill=INK, font=font, anchor="rm")
    slot = (right - left) / max(len(rates), 1)
    for index, (rate, label) in enumerate(zip(rates, labels, strict=True)):
        centre = left + slot * (index + 0.5)
        half = slot * 0.32
        if rate is None:
            draw.text((centre, bottom - 12), no_pairs, fill=EMPTY, font=font, anchor="ms")
        else:
            y = bottom - (bottom - top) * rate
            draw.rectangle((centre - half, y, centre + half, bottom), fill=BAR)
            draw.text((centre, y - 6), f"{round(100 * rate)} %", fill=INK, font=font, anchor="ms")
        draw.text((centre, bottom + 18), label, fill=INK, font=font, anchor="mm")
    draw.line((left, bottom, right, bottom), fill=INK, width=2)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()

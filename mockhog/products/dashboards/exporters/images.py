"""PNG and GIF exports drawn with Pillow: the title, the notes and the table as text on a white card."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

from mockhog.products.dashboards.exporters import ExportDocument

WIDTH, LINE, MARGIN = 1200, 22, 32


def _lines(document: ExportDocument) -> list[str]:
    lines = [*document.notes]
    if document.columns:
        lines.append(" | ".join(document.columns))
        lines += [" | ".join(str(cell) for cell in row) for row in document.rows]
    return lines


def _draw(document: ExportDocument, highlight: int | None = None) -> Image.Image:
    lines = _lines(document)
    height = MARGIN * 3 + LINE * (len(lines) + 2)
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=16)
    draw.text((MARGIN, MARGIN), document.title, fill=(29, 31, 39), font=ImageFont.load_default(size=28))
    for index, line in enumerate(lines):
        y = MARGIN * 2 + LINE * (index + 1)
        if highlight == index:
            draw.rectangle((MARGIN - 6, y - 2, WIDTH - MARGIN, y + LINE - 4), fill=(255, 241, 204))
        draw.text((MARGIN, y), line[:140], fill=(60, 64, 75), font=font)
    return image


def render_png(document: ExportDocument) -> bytes:
    info = PngInfo()
    # The title travels as PNG text too, so tools can read what was exported without OCR.
    info.add_text("Title", document.title)
    buffer = io.BytesIO()
    _draw(document).save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def render_gif(document: ExportDocument) -> bytes:
    """An animated GIF stepping through the lines, the way a recording export plays back."""
    count = max(len(_lines(document)), 1)
    frames = [_draw(document, highlight=index) for index in range(count)]
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=frames[1:],
        duration=400,
        loop=0,
        comment=document.title,
    )
    return buffer.getvalue()

"""Export rendering: one document (a title, notes and a table) written as PNG, PDF, CSV, XLSX or JSON.

Each format imports its library only when used, so nothing but an export request pays for rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ExportDocument:
    """What an export shows: a title (the dashboard's or insight's name), lines of notes and a table."""

    title: str
    notes: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    data: dict[str, Any] = field(default_factory=dict)
    # the export's creation time on the store's clock (PDF metadata), never the wall clock
    created_at: datetime | None = None


PNG = "image/png"
PDF = "application/pdf"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON = "application/json"
GIF = "image/gif"


def render(export_format: str, document: ExportDocument) -> bytes:
    """The document's bytes in ``export_format``; KeyError for a format mockhog does not render."""
    if export_format == PNG:
        from mockhog.products.dashboards.exporters.images import render_png

        return render_png(document)
    if export_format == GIF:
        from mockhog.products.dashboards.exporters.images import render_gif

        return render_gif(document)
    if export_format == PDF:
        from mockhog.products.dashboards.exporters.pdf import render_pdf

        return render_pdf(document)
    if export_format == XLSX:
        from mockhog.products.dashboards.exporters.tables import render_xlsx

        return render_xlsx(document)
    if export_format == CSV:
        from mockhog.products.dashboards.exporters.tables import render_csv

        return render_csv(document)
    if export_format == JSON:
        from mockhog.products.dashboards.exporters.tables import render_json

        return render_json(document)
    raise KeyError(export_format)

"""Tabular exports: CSV (stdlib), XLSX (openpyxl) and JSON."""

from __future__ import annotations

import csv
import io
import json

from mockhog.products.dashboards.exporters import ExportDocument


def render_csv(document: ExportDocument) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(document.columns)
    writer.writerows(document.rows)
    return buffer.getvalue().encode()


def render_xlsx(document: ExportDocument) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Export"
    sheet.append([document.title])
    for note in document.notes:
        sheet.append([note])
    sheet.append([])
    sheet.append(list(document.columns))
    for row in document.rows:
        sheet.append(list(row))
    workbook.properties.title = document.title
    if document.created_at is not None:
        # openpyxl stamps the wall clock otherwise; the store's clock keeps the bytes reproducible
        stamp = document.created_at.replace(tzinfo=None)
        workbook.properties.created = workbook.properties.modified = stamp
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_json(document: ExportDocument) -> bytes:
    body = {
        "title": document.title,
        "notes": list(document.notes),
        "columns": list(document.columns),
        "rows": [list(row) for row in document.rows],
        **document.data,
    }
    return json.dumps(body, indent=2, default=str).encode()

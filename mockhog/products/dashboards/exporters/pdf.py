"""PDF exports with fpdf2: a title, notes and a table, as real text a PDF reader can extract."""

from __future__ import annotations

from fpdf import FPDF

from mockhog.products.dashboards.exporters import ExportDocument


def _latin1(text: str) -> str:
    # The built-in PDF fonts cover Latin-1; anything else is replaced rather than failing the export.
    return text.encode("latin-1", "replace").decode("latin-1")


def render_pdf(document: ExportDocument) -> bytes:
    pdf = FPDF(orientation="landscape")
    pdf.set_title(_latin1(document.title))
    pdf.set_creator("mockhog")
    if document.created_at is not None:
        pdf.set_creation_date(document.created_at)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.multi_cell(0, 10, _latin1(document.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    for note in document.notes:
        pdf.multi_cell(0, 7, _latin1(note), new_x="LMARGIN", new_y="NEXT")
    if document.columns:
        pdf.ln(4)
        with pdf.table() as table:
            table.row([_latin1(c) for c in document.columns])
            for row in document.rows:
                table.row([_latin1(str(cell)) for cell in row])
    return bytes(pdf.output())

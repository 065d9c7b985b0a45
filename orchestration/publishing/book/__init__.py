"""The quarterly book "Kinerja BPOM Dalam Angka", rendered from the served marts: HTML, PDF and
the data workbook. Entry point: `orchestration.publishing.book.render.render_book`."""

"""The verbeterregister as CSV or HTML: verbeterpunt, source dossier, owner, status, date.
No client data is in it; files are written private (0600) all the same."""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path

from veilig_tui.dossier.desk import DossierDesk, improvement_rows

COLUMNS = ("verbeterpunt", "dossier", "eigenaar", "status", "datum")


def _safe(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def register_csv(desk: DossierDesk) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in improvement_rows(desk):
        writer.writerow({k: _safe(v) for k, v in row.items()})
    return out.getvalue()


def register_html(desk: DossierDesk) -> str:
    head = "".join(f"<th>{c}</th>" for c in COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(row[c])}</td>" for c in COLUMNS) + "</tr>\n"
        for row in improvement_rows(desk)
    )
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        "<title>Verbeterregister</title>\n</head>\n<body>\n<h1>Verbeterregister</h1>\n"
        f"<table>\n<tr>{head}</tr>\n{body}</table>\n</body>\n</html>\n"
    )


def write_register(desk: DossierDesk, target: Path) -> Path:
    """Write CSV (or HTML for a .html name), atomically and private (0600)."""
    from veilig_tui.store.atomic import atomic_write

    text = register_html(desk) if target.suffix.lower() in (".html", ".htm") else register_csv(desk)
    atomic_write(target, text.encode("utf-8"))
    return target

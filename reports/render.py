"""A report as a file: the Jinja2 template (text escaped) → self-contained HTML (charts inlined as PNG), and
that HTML → PDF with WeasyPrint (A4, page numbers, table headers repeated on every page a table spans,
rows kept whole). WeasyPrint needs Pango; `scripts/bootstrap.sh` installs it with the CJK fonts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ipwatch.errors import IpwatchError

TEMPLATES = Path(__file__).parent / "templates"
FORMATS = ("html", "pdf")


class RenderError(IpwatchError):
    pass


def to_html(report: dict[str, Any], tz: str = "Asia/Shanghai", index_prefix: str = "") -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"], default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    template = env.get_template(f"{report['type']}.html")
    css = (TEMPLATES / "base.css").read_text(encoding="utf-8")
    return template.render(r=report, css=css, tz=tz, index_prefix=index_prefix)


def to_pdf(html: str) -> bytes:
    import logging

    for name in ("fontTools", "weasyprint", "weasyprint.progress"):     # layout and font subsetting chatter
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:   # OSError: Pango is missing
        raise RenderError(f"PDF needs WeasyPrint and its system libraries (Pango): {exc}; run scripts/bootstrap.sh "
                          f"or use --format html") from None
    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf()


def write(report: dict[str, Any], path: Path, fmt: str, tz: str = "Asia/Shanghai", index_prefix: str = "") -> Path:
    """Render to `path` (written whole or not at all)."""
    if fmt not in FORMATS:
        raise RenderError(f"unknown format {fmt!r} (html or pdf)")
    html = to_html(report, tz, index_prefix)
    data = html.encode("utf-8") if fmt == "html" else to_pdf(html)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path

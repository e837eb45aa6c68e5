"""Render a template to PDF with WeasyPrint; static files are read from disk, never fetched."""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_SCHEME = "static:"
MIME_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".css": "text/css"}


class StaticOnlyFetcher(URLFetcher):
    """Images are written `static:path/in/static`; a PDF never reaches the network."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if not url.startswith(STATIC_SCHEME):
            raise ValueError(f"refused to fetch {url!r} while rendering a PDF")
        path = finders.find(url[len(STATIC_SCHEME) :])
        if not isinstance(path, str):
            raise ValueError(f"static file not found: {url!r}")
        with open(path, "rb") as fh:
            body = fh.read()
        suffix = path[path.rfind(".") :]
        return URLFetcherResponse(
            url, body, {"Content-Type": MIME_TYPES.get(suffix, "application/octet-stream")}
        )


def render_pdf(
    template_name: str, context: dict[str, Any], request: HttpRequest | None = None
) -> bytes:
    html = render_to_string(template_name, context, request=request)
    stylesheet = finders.find("documents/pdf.css")
    assert isinstance(stylesheet, str)
    document = HTML(string=html, url_fetcher=StaticOnlyFetcher())
    return bytes(document.write_pdf(stylesheets=[CSS(filename=stylesheet)]))


def pdf_response(data: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response

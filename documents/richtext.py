"""Rich text written by people (agenda descriptions, minutes).

People type a light markup in a plain textarea (it works with a keyboard and a screen reader,
and its versions diff cleanly): blank lines separate paragraphs, `# ` and `## ` start headings, `- `
a bullet, `1. ` a numbered item, `**bold**` and `*italic*`. `render` turns it into HTML and
nh3 sanitises the result, so no markup a person types can run in a reader's browser.
"""

from __future__ import annotations

import re

import nh3
from django.utils.html import escape

TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "blockquote"}
HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
BULLET = re.compile(r"^[-*•]\s+(.*)$")
NUMBERED = re.compile(r"^\d+[.)]\s+(.*)$")
BOLD = re.compile(r"\*\*(.+?)\*\*")
ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=TAGS, attributes={})


def _inline(text: str) -> str:
    text = escape(text)
    text = BOLD.sub(r"<strong>\1</strong>", text)
    return ITALIC.sub(r"<em>\1</em>", text)


def render(text: str, *, heading_level: int = 2) -> str:
    """The light markup as sanitised HTML; headings start at `heading_level`."""
    out: list[str] = []
    paragraph: list[str] = []
    list_tag = ""

    def flush_paragraph() -> None:
        if paragraph:
            out.append("<p>" + "<br>".join(_inline(line) for line in paragraph) + "</p>")
            paragraph.clear()

    def close_list() -> None:
        nonlocal list_tag
        if list_tag:
            out.append(f"</{list_tag}>")
            list_tag = ""

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        heading, bullet, numbered = HEADING.match(line), BULLET.match(line), NUMBERED.match(line)
        if not line:
            flush_paragraph()
            close_list()
        elif heading:
            flush_paragraph()
            close_list()
            level = min(heading_level + len(heading.group(1)) - 1, 4)
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif bullet or numbered:
            flush_paragraph()
            tag = "ul" if bullet else "ol"
            if list_tag != tag:
                close_list()
                out.append(f"<{tag}>")
                list_tag = tag
            item = (bullet or numbered).group(1)  # type: ignore[union-attr]
            out.append(f"<li>{_inline(item)}</li>")
        else:
            close_list()
            paragraph.append(line)
    flush_paragraph()
    close_list()
    return sanitize("\n".join(out))


# Minutes written in the rich-text editor (minutes/static/minutes/editor.js): whatever the
# browser sends goes through nh3, keeping only these tags and http(s)/mailto links. A part's
# headings start at h3: the h2 are the sections the server composes (one per agenda item).
PART_TAGS = {"p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "h3", "h4", "a"}
PART_TAGS |= {"blockquote"}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"
DIV_OPEN = re.compile(r"<div\b", re.IGNORECASE)


def sanitize_part(html: str) -> str:
    """One part of the minutes as typed in the editor, made safe."""
    # A browser may wrap lines in <div>: paragraphs, so that the text keeps its breaks.
    html = DIV_OPEN.sub("<p", html).replace("</div>", "</p>")
    return nh3.clean(
        html,
        tags=PART_TAGS,
        attributes={"a": {"href"}},
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    ).strip()


def sanitize_document(html: str) -> str:
    """The composed minutes: the parts, the section headings and the vote blocks."""
    return nh3.clean(
        html,
        tags=PART_TAGS | {"h2", "section", "div"},
        attributes={"a": {"href"}},
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        allowed_classes={"div": {"minutes-vote"}, "section": {"minutes-section"}},
    )

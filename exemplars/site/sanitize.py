"""The trust boundary: Markdown from content/ → HTML → an allowlist sanitizer (nh3/Ammonia).

Everything from content that becomes HTML goes through `clean` before it is published; the
check (content rule 15) runs the same `render` and reports, at the source line, what `clean`
would remove. The policy (tags, attributes, URL schemes) is declared here once and feeds both:
the sanitizer itself, and `removals`, which names what it takes out.
"""

from __future__ import annotations

import html
import re
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
import nh3

# The Markdown extensions pages are written with; mkdocs.yml must list the same ones
# (`build_hooks.on_config` refuses a build where they differ), so the check sees what is built.
MARKDOWN_EXTENSIONS: tuple[str, ...] = (
    "attr_list",
    "md_in_html",
    "admonition",
    "tables",
    "fenced_code",
    "toc",
)
EXTENSION_CONFIGS: dict[str, dict] = {"toc": {"permalink": False}}

# What Markdown, attr_list, admonitions and tables produce, and plain HTML an editor may
# reasonably type. Nothing that loads, embeds, submits or styles beyond a table's alignment.
TAGS: frozenset[str] = frozenset(
    [
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "wbr",
    ]
)
# Tags removed with everything inside them: their text is code or styling, never content.
CONTENT_TAGS: frozenset[str] = frozenset({"script", "style", "template", "noscript"})
GLOBAL_ATTRIBUTES: frozenset[str] = frozenset({"id", "class", "title", "lang", "dir"})
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "th": frozenset({"style", "colspan", "rowspan", "scope"}),
    "td": frozenset({"style", "colspan", "rowspan"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open"}),
    "time": frozenset({"datetime"}),
    "del": frozenset({"datetime"}),
    "ins": frozenset({"datetime"}),
}
URL_ATTRIBUTES: frozenset[str] = frozenset({"href", "src"})
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})
STYLE_PROPERTIES: frozenset[str] = frozenset({"text-align"})

_cleaner = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(CONTENT_TAGS),
    attributes={"*": set(GLOBAL_ATTRIBUTES), **{tag: set(a) for tag, a in ATTRIBUTES.items()}},
    url_schemes=set(URL_SCHEMES),
    strip_comments=True,
    link_rel=None,
    filter_style_properties=set(STYLE_PROPERTIES),
)


# Every element name HTML, SVG and MathML know (obsolete ones too). A name outside this list
# (`<formation>`, `<tên>`) is not markup to a reader but text in angle brackets: it is shown
# as text. Known elements outside TAGS are removed, and the check reports them.
KNOWN_ELEMENTS: frozenset[str] = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "address",
        "animate",
        "animatemotion",
        "animatetransform",
        "annotation",
        "applet",
        "area",
        "article",
        "aside",
        "audio",
        "b",
        "base",
        "basefont",
        "bdi",
        "bdo",
        "bgsound",
        "big",
        "blink",
        "blockquote",
        "body",
        "br",
        "button",
        "canvas",
        "caption",
        "center",
        "circle",
        "cite",
        "clippath",
        "code",
        "col",
        "colgroup",
        "content",
        "data",
        "datalist",
        "dd",
        "defs",
        "del",
        "desc",
        "details",
        "dfn",
        "dialog",
        "dir",
        "discard",
        "div",
        "dl",
        "dt",
        "ellipse",
        "em",
        "embed",
        "feblend",
        "fieldset",
        "figcaption",
        "figure",
        "filter",
        "font",
        "footer",
        "foreignobject",
        "form",
        "frame",
        "frameset",
        "g",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "i",
        "iframe",
        "image",
        "img",
        "input",
        "ins",
        "isindex",
        "kbd",
        "keygen",
        "label",
        "legend",
        "li",
        "line",
        "lineargradient",
        "link",
        "listing",
        "main",
        "map",
        "mark",
        "marker",
        "marquee",
        "mask",
        "math",
        "menu",
        "menuitem",
        "meta",
        "meter",
        "mi",
        "mn",
        "mo",
        "mpath",
        "ms",
        "mtext",
        "multicol",
        "nav",
        "nextid",
        "nobr",
        "noembed",
        "noframes",
        "noscript",
        "object",
        "ol",
        "optgroup",
        "option",
        "output",
        "p",
        "param",
        "path",
        "pattern",
        "picture",
        "plaintext",
        "polygon",
        "polyline",
        "portal",
        "pre",
        "progress",
        "q",
        "radialgradient",
        "rb",
        "rect",
        "rp",
        "rt",
        "rtc",
        "ruby",
        "s",
        "samp",
        "script",
        "search",
        "section",
        "select",
        "semantics",
        "set",
        "shadow",
        "slot",
        "small",
        "source",
        "spacer",
        "span",
        "stop",
        "strike",
        "strong",
        "style",
        "sub",
        "summary",
        "sup",
        "svg",
        "switch",
        "symbol",
        "table",
        "tbody",
        "td",
        "template",
        "text",
        "textarea",
        "textpath",
        "tfoot",
        "th",
        "thead",
        "time",
        "title",
        "tr",
        "track",
        "tspan",
        "tt",
        "u",
        "ul",
        "use",
        "var",
        "video",
        "view",
        "wbr",
        "xmp",
    ]
)
# A tag name as a browser reads it (an ASCII letter, then anything up to a space, / or >);
# names with a colon are left to the sanitizer, which removes them (`<javascript:…>`).
_TAG_OPEN = re.compile(r"<(/?)([A-Za-z][^\s/>\x00:]*)(?=[\s/>])")


def _text_tags(fragment: str) -> str:
    """`<formation>` and other unknown names in angle brackets become visible text."""
    if "<" not in fragment:
        return fragment
    return _TAG_OPEN.sub(
        lambda m: m.group(0) if m.group(2).lower() in KNOWN_ELEMENTS else "&lt;" + m.group(0)[1:],
        fragment,
    )


def clean(fragment: str) -> str:
    """The one sanitizer: every piece of HTML that comes from content passes through here."""
    return _cleaner.clean(_text_tags(fragment))


_local = threading.local()


def _markdown() -> markdown.Markdown:
    """One Markdown converter per thread, reset between documents (building one is slow)."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown.Markdown(
            extensions=list(MARKDOWN_EXTENSIONS), extension_configs=EXTENSION_CONFIGS
        )
    return converter


def _convert(source: str) -> tuple[str, dict[str, str]]:
    """(HTML, reference definitions: label → URL) of one Markdown document."""
    converter = _markdown()
    try:
        fragment = converter.reset().convert(source)
        return fragment, {label: url for label, (url, _) in converter.references.items()}
    finally:
        converter.reset()


def render(source: str) -> str:
    """Markdown → HTML as the site renders it, before sanitizing (what the check inspects)."""
    return _convert(source)[0]


def render_clean(source: str) -> str:
    """Markdown → published HTML."""
    return clean(render(source))


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment (tags gone, entities decoded), for titles and meta."""
    return " ".join(html.unescape(_cleaner_text.clean(fragment)).split())


_cleaner_text = nh3.Cleaner(tags=set(), clean_content_tags=set(CONTENT_TAGS), attributes={})


# -- what the sanitizer removes -----------------------------------------------------------


@dataclass(frozen=True, order=True)
class Removal:
    """One thing `clean` takes out of rendered HTML, in words an editor understands."""

    kind: str  # tag | attribute | url | markup
    tag: str
    name: str = ""
    value: str = ""

    def describe(self) -> str:
        if self.kind == "tag":
            events = f" có thuộc tính sự kiện “{self.name}=”" if self.name else ""
            return f"thẻ <{self.tag}>{events}"
        if self.kind == "attribute":
            if self.name.startswith("on"):
                return f"thuộc tính sự kiện “{self.name}=” trên thẻ <{self.tag}>"
            return f"thuộc tính “{self.name}” trên thẻ <{self.tag}>"
        if self.kind == "url":
            return f"địa chỉ “{self.value}:…” (chỉ dùng http, https, mailto, tel) ở {self.name}"
        if self.kind == "reference":
            return f"định nghĩa liên kết [{self.name}] tới địa chỉ “{self.value}:…”"
        return "mã HTML viết sai (trình duyệt sẽ đọc khác với trang kiểm tra)"


_SCHEME = re.compile(r"^([^/?#]*?):")
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")


def url_scheme(value: str) -> str | None:
    """The scheme of a URL as a browser reads it (spaces and controls dropped), or None."""
    match = _SCHEME.match(_URL_NOISE.sub("", value))
    return match.group(1).lower() if match else None


def _allowed_url(value: str) -> bool:
    scheme = url_scheme(value)
    return scheme is None or scheme in URL_SCHEMES


class _Walker(HTMLParser):
    """Start tags and their attributes, as the standard library's HTML tokenizer reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Removal] = []
        self.tokens = 0
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens += 1 + len(attrs)
        if tag not in TAGS:
            events = [name for name, _ in attrs if name.startswith("on")]
            self.found.append(Removal("tag", tag, events[0] if events else ""))
            return
        allowed = ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            if name not in GLOBAL_ATTRIBUTES and name not in allowed:
                self.found.append(Removal("attribute", tag, name))
            elif name in URL_ATTRIBUTES and value is not None and not _allowed_url(value):
                self.found.append(Removal("url", tag, name, url_scheme(value) or ""))

    handle_startendtag = handle_starttag


def _tokens(fragment: str) -> int:
    walker = _Walker()
    walker.feed(fragment)
    walker.close()
    return walker.tokens


def removals(fragment: str) -> list[Removal]:
    """What `clean` removes from this HTML: forbidden tags, attributes and URL schemes.

    Read by the policy above; if the sanitizer (an HTML5 parser) still takes out more tags
    or attributes than that accounts for, the fragment is malformed in a way browsers and
    this reader disagree on, and that is reported too.
    """
    fragment = _text_tags(fragment)
    walker = _Walker()
    walker.feed(fragment)
    walker.close()
    found = walker.found
    if not found and walker.tokens > _tokens(_cleaner.clean(fragment)):
        found = [Removal("markup", "")]
    return found


def removal_lines(source: str, first_line: int = 1, limit: int = 20) -> Iterator[tuple[int, str]]:
    """(line, what) for each thing the sanitizer would remove from this Markdown's HTML.

    The line is the first line from which rendering the source up to it produces that
    removal: where the offending tag, attribute or link (or its reference) was written.
    """
    fragment, references = _convert(source)
    found = removals(fragment)
    lines = source.split("\n")
    for label, url in references.items():
        # A definition no link uses renders nothing, yet one `[label]` makes it live.
        if not _allowed_url(url):
            # At the start of a line, or inside a quote or a list item.
            where = re.compile(
                r"^[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)?\[" + re.escape(label) + r"\]:", re.I | re.M
            )
            match = where.search(source)
            line = source.count("\n", 0, match.start()) + 1 if match else 1
            yield (
                first_line + line - 1,
                Removal("reference", "a", label, url_scheme(url) or "").describe(),
            )
    if not found:
        return
    wanted = Counter(found)
    cache: dict[int, Counter] = {}

    def count(upto: int) -> Counter:
        if upto not in cache:
            cache[upto] = Counter(removals(render("\n".join(lines[:upto]))))
        return cache[upto]

    reported = 0
    for item in sorted(wanted):
        for occurrence in range(1, wanted[item] + 1):
            low, high = 1, len(lines)
            while low < high:
                middle = (low + high) // 2
                if count(middle)[item] >= occurrence:
                    high = middle
                else:
                    low = middle + 1
            yield first_line + low - 1, item.describe()
            reported += 1
            if reported >= limit:
                return

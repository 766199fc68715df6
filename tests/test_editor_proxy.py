"""The web editor's proxy refuses every request that is not Decap's own, for content/ only.

Hostile requests go through `check_headers`/`check_body` (what the server runs before it
reads a body and before anything reaches decap-server); each asserts the exact status and
Vietnamese message. The browser test (`test_web_editor.py`) proves the same through
Chromium from the preview origin.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
from pathlib import Path

import pytest

from exemplars.editor.edit_server import (
    MAX_BODY,
    Refused,
    Rules,
    check_body,
    check_headers,
    check_request,
    with_content_prefix,
)

ORIGIN = "http://127.0.0.1:8001"
GOOD = {"host": "127.0.0.1:8001", "origin": ORIGIN, "content-type": "application/json"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture
def rules(tmp_path) -> Rules:
    content = tmp_path / "content"
    for folder in ("exemplars", "commendations", "media", "_data"):
        (content / folder).mkdir(parents=True)
    (content / "exemplars" / "an.md").write_text("---\nname: An\n---\n", encoding="utf-8")
    (tmp_path / "build_hooks.py").write_text("# hooks\n", encoding="utf-8")
    return Rules(ORIGIN, content)


def body(action: str, **params) -> bytes:
    return json.dumps({"action": action, "params": {"branch": "main", **params}}).encode()


def entry(path: str, raw: str = "---\nname: X\n---\n", **extra) -> dict:
    return {"slug": "x", "path": path, "raw": raw, **extra}


def persist(path: str, **extra) -> bytes:
    return body(
        "persistEntry",
        entry=entry(path, **extra),
        assets=[],
        options={"commitMessage": "x", "useWorkflow": False},
    )


def media(path: str, data: bytes) -> bytes:
    asset = {"path": path, "content": base64.b64encode(data).decode(), "encoding": "base64"}
    return body("persistMedia", asset=asset, options={"commitMessage": "x"})


def refusal(rules: Rules, data: bytes, headers: dict | None = None) -> tuple[int, str]:
    with pytest.raises(Refused) as caught:
        check_request(rules, "POST", "/api/v1", headers or GOOD, data)
    return caught.value.status, caught.value.message


# -- who may ask ---------------------------------------------------------------------------

WHO = [
    ({**GOOD, "origin": "http://127.0.0.1:8000"}, 403, "chỉ trình biên tập"),  # preview
    ({**GOOD, "origin": "http://localhost:8001"}, 403, "chỉ trình biên tập"),
    ({**GOOD, "origin": "null"}, 403, "chỉ trình biên tập"),  # sandboxed frame, file://
    ({k: v for k, v in GOOD.items() if k != "origin"}, 403, "chỉ trình biên tập"),
    ({**GOOD, "host": "evil.example:8001"}, 403, "sai địa chỉ máy chủ (Host)"),  # rebinding
    ({**GOOD, "sec-fetch-site": "same-site"}, 403, "chỉ trình biên tập (cùng nguồn)"),
    ({**GOOD, "content-type": "text/plain"}, 415, "yêu cầu phải là JSON"),  # no preflight
    ({**GOOD, "content-type": "application/x-www-form-urlencoded"}, 415, "phải là JSON"),
]


@pytest.mark.parametrize("headers,status,message", WHO)
def test_only_the_editor_origin_may_call(rules, headers, status, message):
    got = refusal(rules, body("info"), headers)
    assert got[0] == status and message in got[1]


def test_oversized_body_is_refused_before_it_is_read(rules):
    with pytest.raises(Refused) as caught:
        check_headers(rules, "POST", "/api/v1", {**GOOD, "content-length": str(MAX_BODY + 1)})
    assert (caught.value.status, caught.value.message) == (413, "yêu cầu lớn hơn 16 MB")
    with pytest.raises(Refused) as caught:
        check_headers(rules, "POST", "/api/v1", GOOD)  # no Content-Length (chunked)
    assert caught.value.status == 411


@pytest.mark.parametrize("target", ["/api/v1/../x", "/admin/", "/api/v2", "/"])
def test_only_the_api_address_is_posted_to(rules, target):
    with pytest.raises(Refused) as caught:
        check_headers(rules, "POST", target, {**GOOD, "content-length": "2"})
    assert caught.value.status == 404


# -- what may be touched --------------------------------------------------------------------

PATHS = [
    # (action body, status, message)
    (persist("build_hooks.py"), 403, "chỉ được đọc, ghi trong thư mục content/: “build_hooks.py”"),
    (persist("exemplars/x.py"), 403, "chỉ được đọc, ghi trong thư mục content/"),
    (persist("content/../build_hooks.py"), 403, "đường dẫn có phần không được phép"),
    (persist("content/exemplars/../../build_hooks.py"), 403, "đường dẫn có phần không được phép"),
    (persist("/etc/passwd"), 403, "chỉ được đọc, ghi trong thư mục content/"),
    (persist("content//exemplars/x.md"), 403, "đường dẫn có phần không được phép"),
    (persist("content/./exemplars/x.md"), 403, "đường dẫn có phần không được phép"),
    (persist("content\\..\\build_hooks.py"), 403, "chỉ được đọc, ghi trong thư mục content/"),
    (persist("content/exemplars/x\\..\\..\\y.md"), 403, "đường dẫn có phần không được phép"),
    (persist("content/exemplars/x\x00.md"), 403, "đường dẫn có phần không được phép"),
    (persist("content/.git/config"), 403, "đường dẫn có phần không được phép"),
    (persist("content/exemplars/.hidden.md"), 403, "đường dẫn có phần không được phép"),
    (persist("content/exemplars/x.py"), 403, "hồ sơ phải là một tệp .md trong content/exemplars/"),
    (persist("content/exemplars/x.html"), 403, "hồ sơ phải là một tệp .md"),
    (persist("content/exemplars/sub/x.md"), 403, "hồ sơ phải là một tệp .md"),
    (persist("content/_data/units.yml"), 403, "trình biên tập không được đọc, ghi"),
    (persist("content/index.md"), 403, "trình biên tập không được đọc, ghi “content/index.md”"),
    (persist("content/media/x.md"), 403, "hồ sơ không được ghi vào thư mục ảnh"),
    (persist("content/overrides/main.html"), 403, "trình biên tập không được đọc, ghi"),
    (persist("content/exemplars/an.md", newPath="build_hooks.py"), 403, "thư mục content/"),
    (persist("content/exemplars/" + "a" * 300 + ".md"), 403, "đường dẫn không hợp lệ"),
    (persist("content/exemplars/x.md", raw="x" * (300 * 1024)), 413, "hồ sơ lớn hơn 256 KB"),
    (body("getEntry", path=".git/config"), 403, "chỉ được đọc, ghi trong thư mục content/"),
    (body("getEntry", path="content/../.git/config"), 403, "đường dẫn có phần không được phép"),
    (body("entriesByFiles", files=[{"path": "../.env"}]), 403, "thư mục content/"),
    (
        body("entriesByFolder", folder="content", extension="md", depth=9),
        403,
        "content/: “content”",
    ),
    (body("entriesByFolder", folder="content/..", extension="md", depth=1), 403, "không được"),
    (body("entriesByFolder", folder="content/exemplars", extension="py", depth=1), 403, ".md"),
    (body("getMedia", mediaFolder="."), 403, "ảnh chỉ ở content/media"),
    (body("getMediaFile", path="content/media/../../build_hooks.py"), 403, "không được phép"),
    (body("deleteFile", path="build_hooks.py", options={}), 403, "thư mục content/"),
    (body("deleteFiles", paths=["content/exemplars/an.md", ".git/HEAD"], options={}), 403, ""),
    (body("unpublishedEntries"), 403, "thao tác không được phép"),
    (body("publishUnpublishedEntry", collection="x", slug="y"), 403, "thao tác không được phép"),
    (json.dumps({"action": "info", "params": []}).encode(), 400, "tham số không hợp lệ"),
    (b"{not json", 400, "yêu cầu không phải JSON hợp lệ"),
    (b"[" * 100_000 + b"]" * 100_000, 400, "yêu cầu không phải JSON hợp lệ"),
    (b"\xff\xfe{}", 400, "yêu cầu không phải JSON hợp lệ"),
]


@pytest.mark.parametrize("data,status,message", PATHS, ids=[str(i) for i in range(len(PATHS))])
def test_paths_outside_content_are_refused(rules, data, status, message):
    got = refusal(rules, data)
    assert got[0] == status and message in got[1], got


def test_a_symlink_inside_content_is_not_followed(rules, tmp_path):
    (rules.content_root / "exemplars" / "hooks.md").symlink_to(tmp_path / "build_hooks.py")
    os.symlink(tmp_path, rules.content_root / "media" / "up")
    assert refusal(rules, persist("content/exemplars/hooks.md")) == (
        403,
        "đường dẫn đi qua một liên kết tượng trưng (symlink)",
    )
    assert refusal(rules, media("content/media/up/x.png", PNG))[0] == 403
    assert refusal(rules, body("getEntry", path="content/exemplars/hooks.md"))[0] == 403


MEDIA = [
    ("content/media/x.svg", PNG, 415, "không nhận ảnh SVG (có thể chứa mã chạy được)"),
    ("content/media/X.SVG", PNG, 415, "không nhận ảnh SVG"),
    ("content/media/x.png", SVG, 415, "không nhận ảnh SVG hay HTML"),
    ("content/media/x.jpg", b"\xef\xbb\xbf" + SVG, 415, "không nhận ảnh SVG hay HTML"),
    ("content/media/x.png", b"<html><script>1</script>", 415, "không nhận ảnh SVG hay HTML"),
    ("content/media/x.jpg", PNG, 415, "nội dung tệp không phải JPG như tên tệp"),
    ("content/media/x.webp", b"RIFF\x00\x00\x00\x00WAVE", 415, "không phải WEBP"),
    ("content/media/x.html", b"<p>", 415, "chỉ nhận tệp"),
    ("content/media/x.js", b"alert(1)", 415, "chỉ nhận tệp"),
    ("content/media/x.svgz", b"\x1f\x8b", 415, "chỉ nhận tệp"),
    ("content/media/x.png.html", PNG, 415, "chỉ nhận tệp"),
    ("content/exemplars/x.png", PNG, 403, "hồ sơ phải là một tệp .md"),
]


@pytest.mark.parametrize("path,data,status,message", MEDIA, ids=[m[0][14:] for m in MEDIA])
def test_media_uploads_are_images_or_pdf_only(rules, path, data, status, message):
    got = refusal(rules, media(path, data))
    assert got[0] == status and message in got[1], got


def test_media_inside_a_record_is_checked_too(rules):
    data = body(
        "persistEntry",
        entry=entry("content/exemplars/x.md"),
        assets=[{"path": "content/media/x.svg", "content": "PHN2Zz4=", "encoding": "base64"}],
        options={"commitMessage": "x", "useWorkflow": False},
    )
    assert refusal(rules, data)[0] == 415


def test_bad_base64_is_refused(rules):
    data = body(
        "persistMedia",
        asset={"path": "content/media/x.png", "content": "@@@", "encoding": "base64"},
        options={},
    )
    assert refusal(rules, data) == (400, "tệp tải lên không phải base64 hợp lệ")


# -- what passes, and how it reaches decap-server -------------------------------------------


def test_decaps_own_requests_pass_with_content_taken_off(rules):
    checked = check_request(rules, "POST", "/api/v1", GOOD, persist("content/exemplars/an.md"))
    assert checked["params"]["entry"]["path"] == "exemplars/an.md"
    folder = body("entriesByFolder", folder="content/exemplars", extension="md", depth=1)
    assert check_body(rules, folder)["params"]["folder"] == "exemplars"
    upload = check_body(rules, media("content/media/anh.png", PNG))
    assert upload["params"]["asset"]["path"] == "media/anh.png"
    assert check_body(rules, body("info")) == {"action": "info", "params": {"branch": "main"}}


def test_duplicate_keys_reach_decap_server_as_checked(rules):
    """JSON with a key twice: what is forwarded is the checked object, re-serialized, so
    decap-server can never read the other copy."""
    raw = (
        b'{"action":"getEntry","params":{"branch":"main","path":"../.git/config",'
        b'"path":"content/exemplars/an.md"}}'
    )
    assert check_body(rules, raw)["params"] == {"branch": "main", "path": "exemplars/an.md"}


def test_answers_get_content_back_on_their_paths():
    answer = [{"data": "x", "file": {"path": "exemplars/an.md", "id": "1"}}]
    assert with_content_prefix(answer) == [
        {"data": "x", "file": {"path": "content/exemplars/an.md", "id": "1"}}
    ]


def test_nothing_outside_content_changed(rules, tmp_path):
    for data, _, _ in PATHS:
        with contextlib.suppress(Refused):
            check_request(rules, "POST", "/api/v1", GOOD, data)
    assert (tmp_path / "build_hooks.py").read_text(encoding="utf-8") == "# hooks\n"
    assert sorted(p.name for p in Path(rules.content_root).rglob("*")) == sorted(
        ["exemplars", "commendations", "media", "_data", "an.md"]
    )


# -- the one validator: a save is checked as `exemplars check` checks files ------------------


@pytest.fixture
def site_tree(tmp_path):
    from conftest import Tree

    return Tree(tmp_path / "site-content").minimal()


def saving(path: str, raw: str, **extra) -> dict:
    """What check_body hands on for a save: paths already relative to content/."""
    return {
        "action": "persistEntry",
        "params": {"entry": {"slug": "x", "path": path, "raw": raw, **extra}, "assets": []},
    }


GOOD_RECORD = "---\nname: Trần Thị Bình\nkind: individual\nunit: tra-co\nsummary: Trực chốt.\n---\n"


def test_a_valid_save_passes_the_validator(site_tree):
    from exemplars.editor.edit_server import Validator

    validator = Validator(site_tree.root)
    assert validator.refusal(saving("exemplars/tran-thi-binh.md", GOOD_RECORD)) is None
    assert validator.refusal({"action": "getEntry", "params": {"path": "x.md"}}) is None


@pytest.mark.parametrize(
    "path,raw,field",
    [
        ("exemplars/tran-thi-binh.md", GOOD_RECORD.replace("tra-co", "khong-co"), "unit"),
        ("exemplars/tran-thi-binh.md", GOOD_RECORD.replace("kind: individual\n", ""), "kind"),
        (
            "commendations/246-qd-ubnd.md",
            "---\nnumber: 246/QĐ-UBND\ndate: 05/11/2021\nissuer: Chủ tịch UBND phường Trà Cổ\n"
            "award: giay-khen\nreason: Có thành tích.\nrecipients:\n  - exemplar: khong-ai\n---\n",
            "recipients",
        ),
    ],
)
def test_a_save_with_an_error_is_refused_with_the_checks_own_line(site_tree, path, raw, field):
    from exemplars.editor.edit_server import Validator

    refused = Validator(site_tree.root).refusal(saving(path, raw))
    assert refused is not None and refused.status == 422
    first, *lines = refused.message.splitlines()
    assert first.startswith("Chưa lưu")
    assert any(line.startswith(f"site-content/{path}:") and f" {field}" in line for line in lines)
    assert not (site_tree.root / path).exists()  # the validator writes nothing


def test_a_renamed_record_leaves_its_old_path(site_tree):
    """Renamed in the form, a record keeps its old id as an alias (its old address): the
    file it leaves is not counted as another record still holding that id."""
    from exemplars.editor.edit_server import Validator

    old = "exemplars/nguyen-van-an.md"
    raw = (site_tree.root / old).read_text(encoding="utf-8")
    raw = raw.replace("campaigns: [covid]", "campaigns: [covid]\naliases: [nguyen-van-an]")
    validator = Validator(site_tree.root)
    assert validator.refusal(saving(old, raw, newPath="exemplars/nguyen-van-an-2.md")) is None
    # Saved as a second file beside the old one, the alias is someone else's id: refused.
    copied = validator.refusal(saving("exemplars/nguyen-van-an-2.md", raw))
    assert copied is not None and "aliases" in copied.message

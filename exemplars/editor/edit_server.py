"""The web editor's own origin: Decap CMS at /admin/ and a filtering proxy at /api/v1.

`make edit` used to run Decap's `decap-server` rooted at the repository and reachable from
the preview site's origin: a script in a previewed story could read `.git/config` or append
code to `build_hooks.py`. Now:

- The editor is served from its own origin (`http://127.0.0.1:8001`), the preview site from
  another (`mkdocs serve` on :8000, without /admin/).
- `decap-server` runs as a child, on a private loopback port, rooted at `content/` itself
  (`GIT_REPO_DIRECTORY`), and accepts no browser origin (`ORIGIN` names an unreachable one),
  so pages cannot talk to it directly.
- Every API request goes through `check_request` first: the editor's own Host and Origin
  only, JSON only, a bounded body, the actions Decap's forms use, and every path a
  relative path under `content/` (no `..`, no hidden segment such as `.git`, no symlink,
  records only as `.md` in a record folder, media only as a JPEG/PNG/WebP/GIF or PDF whose
  bytes are what its name says; SVG is refused). The checked request, not the raw bytes,
  is what reaches decap-server, with `content/` taken off its paths (and put back on the
  answer's).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import http.client
import http.server
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from exemplars import policy
from exemplars.content.checks import check_sources
from exemplars.content.clock import build_date
from exemplars.content.load import FileCache, load_content
from exemplars.content.problems import Problem
from exemplars.editor import decap
from exemplars.types import RECORD_TYPES

CONTENT = "content"
RECORD_FOLDERS = frozenset(record_type.folder for record_type in RECORD_TYPES)
MEDIA = decap.MEDIA_FOLDER
MAX_BODY = 16 * 1024 * 1024  # a phone photo, base64-encoded, with room to spare
MAX_ENTRY = 256 * 1024  # one Markdown record
MAX_PATH = 240
ACTIONS = frozenset(
    {
        "info",
        "entriesByFolder",
        "entriesByFiles",
        "getEntry",
        "persistEntry",
        "getMedia",
        "getMediaFile",
        "persistMedia",
        "deleteFile",
        "deleteFiles",
        "getDeployPreview",
    }
)
# What a media file may be, by name and by its first bytes.
MEDIA_TYPES: dict[str, tuple[bytes, ...]] = {
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
    ".pdf": (b"%PDF-",),
}
_SEGMENT = re.compile(r"^[^\x00-\x1f\x7f/\\:*?\"<>|]+$")
# A private origin decap-server answers CORS for: no browser page can have it.
UNREACHABLE_ORIGIN = "http://decap-server.invalid"
KEY_HEADER = "X-Bangvang-Key"  # the proxy's key on every request to decap-server


class Refused(Exception):
    """A request the proxy does not pass on; `status` and a Vietnamese `message`."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


# -- the request filter (pure: tested without a server) -------------------------------------


@dataclass(frozen=True)
class Rules:
    """What the proxy accepts: its own address and the content folder on disk."""

    origin: str  # "http://127.0.0.1:8001": the editor, the only page that may call
    content_root: Path

    @property
    def host(self) -> str:
        return urlsplit(self.origin).netloc


def content_path(rules: Rules, value: Any, kind: str) -> str:
    """`value` as a path under content/ for `kind` ("read", "record", "media", "folder"),
    returned relative to content/; raises Refused otherwise."""
    if not isinstance(value, str) or not value or len(value) > MAX_PATH:
        raise Refused(403, "đường dẫn không hợp lệ")
    segments = value.split("/")
    if segments[0] != CONTENT or len(segments) < 2:
        raise Refused(403, f"chỉ được đọc, ghi trong thư mục content/: “{value[:80]}”")
    inner = segments[1:]
    for segment in inner:
        if segment in ("", ".", "..") or segment.startswith(".") or not _SEGMENT.match(segment):
            raise Refused(403, f"đường dẫn có phần không được phép: “{value[:80]}”")
    folder = inner[0]
    if kind == "folder":
        if len(inner) != 1 or folder not in RECORD_FOLDERS | {MEDIA}:
            raise Refused(403, f"không có mục nào ở “{value[:80]}”")
    elif folder in RECORD_FOLDERS:
        if kind == "media" or len(inner) != 2 or not inner[1].endswith(".md"):
            raise Refused(403, f"hồ sơ phải là một tệp .md trong content/{folder}/")
    elif folder == MEDIA:
        if kind == "record":
            raise Refused(403, "hồ sơ không được ghi vào thư mục ảnh")
        suffix = os.path.splitext(inner[-1])[1].lower()
        if suffix == ".svg":
            raise Refused(415, "không nhận ảnh SVG (có thể chứa mã chạy được); hãy dùng JPEG/PNG")
        if suffix not in MEDIA_TYPES:
            known = ", ".join(sorted(MEDIA_TYPES))
            raise Refused(415, f"chỉ nhận tệp {known}: “{inner[-1][:80]}”")
    else:
        raise Refused(403, f"trình biên tập không được đọc, ghi “{value[:80]}”")
    _no_link(rules.content_root, inner)
    return "/".join(inner)


def _no_link(root: Path, inner: list[str]) -> None:
    """No symbolic link on the way, and the real path inside content/ (no escape)."""
    current = root
    for segment in inner:
        current = current / segment
        if current.is_symlink():
            raise Refused(403, "đường dẫn đi qua một liên kết tượng trưng (symlink)")
    real_root = os.path.realpath(root)
    real = os.path.realpath(current)
    if os.path.commonpath([real_root, real]) != real_root:
        raise Refused(403, "đường dẫn ra ngoài thư mục content/")


def _media_bytes(path: str, content: Any, encoding: Any) -> None:
    """A media upload's bytes must be what its name says: never SVG, HTML or a script."""
    if encoding != "base64" or not isinstance(content, str):
        raise Refused(400, "tệp tải lên phải mã hóa base64")
    try:
        data = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise Refused(400, "tệp tải lên không phải base64 hợp lệ") from None
    suffix = os.path.splitext(path)[1].lower()
    magic = MEDIA_TYPES[suffix]
    if not data.startswith(magic) or (suffix == ".webp" and data[8:12] != b"WEBP"):
        head = data[:256].lstrip().lower()
        if head.startswith((b"<", b"\xef\xbb\xbf<")) or b"<svg" in head:
            raise Refused(415, "không nhận ảnh SVG hay HTML (có thể chứa mã chạy được)")
        raise Refused(415, f"nội dung tệp không phải {suffix[1:].upper()} như tên tệp")


def _record_text(raw: Any) -> None:
    if not isinstance(raw, str):
        raise Refused(400, "nội dung hồ sơ phải là văn bản")
    if len(raw.encode("utf-8")) > MAX_ENTRY:
        raise Refused(413, f"hồ sơ lớn hơn {MAX_ENTRY // 1024} KB")


def check_params(rules: Rules, action: str, params: dict[str, Any]) -> dict[str, Any]:  # noqa: C901, PLR0912  (one guard per Decap action, in the protocol's order)
    """The params Decap sent for `action`, checked, with paths relative to content/."""

    def path(value: Any, kind: str) -> str:
        return content_path(rules, value, kind)

    out: dict[str, Any] = dict(params)
    if action in ("info", "getDeployPreview"):
        return out
    if action == "entriesByFolder":
        out["folder"] = path(params.get("folder"), "folder")
        if params.get("extension") != "md":
            raise Refused(403, "chỉ đọc được tệp .md")
        return out
    if action == "entriesByFiles":
        files = params.get("files")
        if not isinstance(files, list) or len(files) > 10_000:
            raise Refused(400, "danh sách tệp không hợp lệ")
        out["files"] = [
            {**item, "path": path(item.get("path"), "record")}
            for item in files
            if isinstance(item, dict)
        ]
        return out
    if action == "getEntry":
        out["path"] = path(params.get("path"), "record")
        return out
    if action == "getMedia":
        if params.get("mediaFolder") != f"{CONTENT}/{MEDIA}":
            raise Refused(403, f"ảnh chỉ ở {CONTENT}/{MEDIA}")
        out["mediaFolder"] = path(params.get("mediaFolder"), "folder")
        return out
    if action == "getMediaFile":
        out["path"] = path(params.get("path"), "media")
        return out
    if action == "persistEntry":
        entries = params.get("dataFiles") or [params.get("entry")]
        if not isinstance(entries, list) or not entries:
            raise Refused(400, "không có hồ sơ để ghi")
        checked = []
        for entry in entries:
            if not isinstance(entry, dict):
                raise Refused(400, "hồ sơ không hợp lệ")
            _record_text(entry.get("raw"))
            item = {**entry, "path": path(entry.get("path"), "record")}
            if entry.get("newPath") is not None:
                item["newPath"] = path(entry.get("newPath"), "record")
            checked.append(item)
        if "dataFiles" in params:
            out["dataFiles"] = checked
        else:
            out["entry"] = checked[0]
        assets = params.get("assets") or []
        if not isinstance(assets, list):
            raise Refused(400, "danh sách ảnh không hợp lệ")
        out["assets"] = [_asset(rules, asset) for asset in assets]
        return out
    if action == "persistMedia":
        out["asset"] = _asset(rules, params.get("asset"))
        return out
    if action == "deleteFile":
        out["path"] = _deletable(rules, params.get("path"))
        return out
    if action == "deleteFiles":
        paths = params.get("paths")
        if not isinstance(paths, list):
            raise Refused(400, "danh sách tệp không hợp lệ")
        out["paths"] = [_deletable(rules, value) for value in paths]
        return out
    raise Refused(403, f"thao tác “{action}” không được phép")


def _asset(rules: Rules, asset: Any) -> dict[str, Any]:
    if not isinstance(asset, dict):
        raise Refused(400, "tệp tải lên không hợp lệ")
    relative = content_path(rules, asset.get("path"), "media")
    _media_bytes(relative, asset.get("content"), asset.get("encoding"))
    return {**asset, "path": relative}


def _deletable(rules: Rules, value: Any) -> str:
    if isinstance(value, str) and value.startswith(f"{CONTENT}/{MEDIA}/"):
        return content_path(rules, value, "media")
    return content_path(rules, value, "record")


def check_headers(rules: Rules, method: str, target: str, headers: dict[str, str]) -> int:
    """Who is asking, before any body is read; returns the body's length, or Refused.
    `headers` have lower-case names."""
    if method != "POST" or urlsplit(target).path != "/api/v1":
        raise Refused(404, "không có")
    if headers.get("host") != rules.host:
        raise Refused(403, "sai địa chỉ máy chủ (Host)")
    if headers.get("origin") != rules.origin:
        raise Refused(403, "chỉ trình biên tập (trang /admin/ của máy chủ này) được gọi")
    if headers.get("sec-fetch-site", "same-origin") != "same-origin":
        raise Refused(403, "chỉ trình biên tập (cùng nguồn) được gọi")
    if headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise Refused(415, "yêu cầu phải là JSON")
    length = headers.get("content-length", "")
    if not length.isdigit():
        raise Refused(411, "thiếu độ dài yêu cầu (Content-Length)")
    if int(length) > MAX_BODY:
        raise Refused(413, f"yêu cầu lớn hơn {MAX_BODY // 1024 // 1024} MB")
    return int(length)


def check_body(rules: Rules, body: bytes) -> dict[str, Any]:
    """The JSON to pass to decap-server (rebuilt from what was checked), or Refused."""
    try:
        request = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Refused(400, "yêu cầu không phải JSON hợp lệ") from None
    if not isinstance(request, dict) or request.get("action") not in ACTIONS:
        raise Refused(403, "thao tác không được phép")
    params = request.get("params", {})
    if not isinstance(params, dict):
        raise Refused(400, "tham số không hợp lệ")
    action = request["action"]
    return {"action": action, "params": check_params(rules, action, params)}


def check_request(
    rules: Rules, method: str, target: str, headers: dict[str, str], body: bytes
) -> dict[str, Any]:
    """Both checks, as the server runs them."""
    check_headers(rules, method, target, {**headers, "content-length": str(len(body))})
    return check_body(rules, body)


def with_content_prefix(value: Any) -> Any:
    """decap-server's answer with `content/` put back on every `path` it names."""
    if isinstance(value, list):
        return [with_content_prefix(item) for item in value]
    if isinstance(value, dict):
        return {
            key: (
                f"{CONTENT}/{item}"
                if key == "path" and isinstance(item, str)
                else with_content_prefix(item)
            )
            for key, item in value.items()
        }
    return value


# -- the one validator --------------------------------------------------------------------

SHOWN_PROBLEMS = 8  # lines of a refusal; the rest are counted


class Validator:
    """What a save would write, checked as `exemplars check` checks files on disk.

    The same path as `exemplars new` and `exemplars import` (`checks.check_sources`): the
    saved text is read as the load reads a file, put beside the files already in content/
    (a renamed record leaves its old path), and every rule runs; an error refuses the save
    with the check's own lines, so the form keeps what the editor typed. Files unchanged
    since the last save are not read again (`FileCache`).
    """

    def __init__(self, content_root: Path):
        self.content_root = content_root
        self._cache = FileCache()
        self._lock = threading.Lock()

    def refusal(self, checked: dict[str, Any]) -> Refused | None:
        if checked.get("action") != "persistEntry":
            return None
        params = checked["params"]
        entries = params.get("dataFiles") or [params.get("entry")]
        files: dict[Path, str] = {}
        leaving: set[Path] = set()
        for entry in entries:
            target = self.content_root / (entry.get("newPath") or entry["path"])
            files[target] = entry["raw"]
            if entry.get("newPath"):
                leaving.add((self.content_root / entry["path"]).resolve())
        with self._lock:
            content = load_content(self.content_root, cache=self._cache)
            for folder, records in content.records.items() if leaving else ():
                content.records[folder] = [
                    r
                    for r in records
                    if r.origin.file is None or r.origin.file.resolve() not in leaving
                ]
            problems = check_sources(content, files, build_date())
        if not problems:
            return None
        lines = [str(self._shown(problem)) for problem in problems[:SHOWN_PROBLEMS]]
        if len(problems) > SHOWN_PROBLEMS:
            lines.append(f"… và {len(problems) - SHOWN_PROBLEMS} lỗi khác")
        return Refused(422, "Chưa lưu: hồ sơ có lỗi, hãy sửa rồi lưu lại.\n" + "\n".join(lines))

    def _shown(self, problem: Problem) -> Problem:
        """The problem with its path as the editor knows it: content/exemplars/…"""
        path = Path(problem.path)
        if path.is_absolute() and path.is_relative_to(self.content_root.parent):
            path = path.relative_to(self.content_root.parent)
        return dataclasses.replace(problem, path=path.as_posix())


# -- the server ---------------------------------------------------------------------------


def admin_policy() -> str:
    """/admin/'s policy (exemplars.policy), its API on its own origin."""
    return policy.policy({**policy.ADMIN, "connect-src": "'self'", "frame-ancestors": "'none'"})


class EditorHandler(http.server.BaseHTTPRequestHandler):
    server_version = "bangvang-editor"
    sys_version = ""
    rules: Rules
    upstream: tuple[str, int]
    upstream_key: str
    files: Callable[[], dict[str, str | Path]]
    validator: Validator

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        if os.environ.get("EXEMPLARS_EDITOR_LOG"):
            super().log_message(format, *args)

    def _send(self, status: int, body: bytes, content_type: str, extra: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", admin_policy())
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _refuse(self, refused: Refused) -> None:
        body = json.dumps({"error": refused.message}, ensure_ascii=False).encode("utf-8")
        self._send(refused.status, body, "application/json; charset=utf-8")

    def do_GET(self) -> None:  # noqa: N802
        path = unquote(urlsplit(self.path).path)
        if self.headers.get("Host") != self.rules.host:
            return self._refuse(Refused(403, "sai địa chỉ máy chủ (Host)"))
        if path in ("/", "/admin"):
            return self._send(302, b"", "text/plain", {"Location": "/admin/"})
        name = "admin/index.html" if path == "/admin/" else path.lstrip("/")
        source = self.files().get(name)
        if source is None:
            return self._refuse(Refused(404, "không có"))
        data = source.read_bytes() if isinstance(source, Path) else source.encode("utf-8")
        self._send(200, data, _content_type(name))

    do_HEAD = do_GET  # noqa: N815

    def do_OPTIONS(self) -> None:  # noqa: N802
        # Same-origin requests need no preflight: a preflight comes from another origin.
        self._refuse(Refused(403, "chỉ trình biên tập (cùng nguồn) được gọi"))

    def do_POST(self) -> None:  # noqa: N802
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            length = check_headers(self.rules, "POST", self.path, headers)
        except Refused as refused:
            # A bounded body is read and dropped (the browser then gets the refusal, not a
            # reset connection); a larger or unknown one is never read.
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) <= MAX_BODY:
                self.rfile.read(int(declared))
            else:
                self.close_connection = True
            return self._refuse(refused)
        body = self.rfile.read(length)
        try:
            checked = check_body(self.rules, body)
        except Refused as refused:
            return self._refuse(refused)
        invalid = self.validator.refusal(checked)
        if invalid is not None:
            return self._refuse(invalid)
        status, answer = self._forward(checked)
        self._send(status, answer, "application/json; charset=utf-8")

    def _forward(self, checked: dict[str, Any]) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(*self.upstream, timeout=60)
        try:
            connection.request(
                "POST",
                "/api/v1",
                body=json.dumps(checked).encode("utf-8"),
                headers={"Content-Type": "application/json", KEY_HEADER: self.upstream_key},
            )
            response = connection.getresponse()
            data = response.read()
            status = response.status
        except OSError:
            return 502, json.dumps({"error": "decap-server không trả lời"}).encode()
        finally:
            connection.close()
        try:
            answer = with_content_prefix(json.loads(data))
        except ValueError:
            return 502, json.dumps({"error": "decap-server trả lời không hợp lệ"}).encode()
        return status, json.dumps(answer, ensure_ascii=False).encode("utf-8")


def _content_type(name: str) -> str:
    suffix = os.path.splitext(name)[1]
    return {
        ".html": "text/html; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".yml": "text/yaml; charset=utf-8",
        ".map": "application/json",
    }.get(suffix, "application/octet-stream")


def editor_files(project_root: Path, content_root: Path, origin: str) -> dict[str, str | Path]:
    """/admin/ (config pointing at this origin's proxy) and the stylesheet its preview uses."""
    units, vocabularies, _ = decap.load_registries(content_root)
    files = decap.admin_files(
        units,
        vocabularies,
        decap.Backend.local(f"{origin}/api/v1"),
        decap.decap_dist(project_root),
    )
    files["assets/stylesheets/bangvang.css"] = (
        project_root / "overrides" / "assets" / "stylesheets" / "bangvang.css"
    )
    return files


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_decap_server(content_root: Path, project_root: Path) -> tuple[subprocess.Popen, int, str]:
    """decap-server rooted at content/, on a private port, answering no browser origin and
    no request without the key it returns (`decap_guard.cjs`, loaded into its process)."""
    script = project_root / ".cache" / "decap" / "node_modules" / "decap-server" / "dist"
    node = shutil.which("node")
    if node is None or not (script / "index.js").exists():
        raise FileNotFoundError("chưa cài decap-server (cần Node.js); hãy chạy “make editor”")
    port = _free_port()
    key = secrets.token_urlsafe(32)
    env = {
        **os.environ,
        "BANGVANG_DECAP_KEY": key,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "MODE": "fs",
        "GIT_REPO_DIRECTORY": str(content_root.resolve()),
        "ORIGIN": UNREACHABLE_ORIGIN,
        "LOG_LEVEL": os.environ.get("DECAP_LOG_LEVEL", "warn"),
    }
    guard = Path(__file__).with_name("decap_guard.cjs")
    process = subprocess.Popen(
        [node, "--require", str(guard), str(script / "index.js")],
        cwd=content_root,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("decap-server dừng ngay khi khởi động")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request(
                "POST",
                "/api/v1",
                body=b'{"action":"info"}',
                headers={"Content-Type": "application/json", KEY_HEADER: key},
            )
            if connection.getresponse().status == 200:
                connection.close()
                return process, port, key
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("decap-server không khởi động được trong 30 giây")


def serve(content_root: Path, host: str = "127.0.0.1", port: int = 8001) -> int:
    """Run the editor until interrupted; prints its address."""
    project_root = Path(__file__).resolve().parent.parent.parent
    content_root = content_root.resolve()
    origin = f"http://{host}:{port}"
    rules = Rules(origin=origin, content_root=content_root)
    editor_files(project_root, content_root, origin)  # fail early: Decap missing
    decap_process, decap_port, decap_key = start_decap_server(content_root, project_root)
    handler = type(
        "Handler",
        (EditorHandler,),
        {
            "rules": rules,
            "upstream": ("127.0.0.1", decap_port),
            "upstream_key": decap_key,
            "files": staticmethod(lambda: editor_files(project_root, content_root, origin)),
            "validator": Validator(content_root),
        },
    )
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    stop = threading.Event()

    def shutdown(*_: Any) -> None:
        stop.set()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, shutdown)
    print(f"Trình biên tập: {origin}/admin/ (ghi vào {content_root})", flush=True)
    print(f"decap-server (nội bộ, không nhận trình duyệt): 127.0.0.1:{decap_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        decap_process.terminate()
        try:
            decap_process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            decap_process.kill()
    return 0


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m exemplars.editor.edit_server",
        description="Trình biên tập web (Decap CMS) trên nguồn riêng, chỉ ghi trong content/.",
    )
    parser.add_argument("--content", default="content", help="thư mục nội dung")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args(argv)
    try:
        return serve(Path(args.content), args.host, args.port)
    except (FileNotFoundError, RuntimeError) as error:
        print(error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

"""The web editor in a real browser: Decap CMS on /admin/ of its own origin, logged in to
its filtering proxy, creates an exemplar and a decision through the forms; the files it
writes pass the check and the browser talks to no host but this machine. A page on the
preview origin can neither write outside content/ nor read .git/config through the proxy.

Decap and its proxy come from `make editor` (a prerequisite of `make test`); the editor
server (`exemplars.editor.edit_server`) works on a copy of the sample content, so the test
never touches the repository's content/.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from browser import DESKTOP, serve
from conftest import ROOT, build_site, run_check

DECAP_MODULES = ROOT / ".cache" / "decap" / "node_modules"
DECAP_SERVER = DECAP_MODULES / "decap-server" / "dist" / "index.js"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def require_decap() -> None:
    node = shutil.which("node")
    if node and DECAP_SERVER.exists() and (DECAP_MODULES / "decap-cms").is_dir():
        return
    message = "!!! Decap CMS not installed (run `make editor`): web-editor browser test NOT RUN"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def proxy_answers(url: str) -> bool:
    origin = url.removesuffix("/api/v1")
    request = urllib.request.Request(
        url,
        data=json.dumps({"action": "info"}).encode(),
        headers={"Content-Type": "application/json", "Origin": origin},
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return json.load(response).get("type") == "local_fs"
    except OSError:
        return False


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """A copy of the sample content, laid out like the repository (content/ inside).

    Shared by this module's tests: each writes a different file of it."""
    root = tmp_path_factory.mktemp("editor") / "repo"
    shutil.copytree(ROOT / "content", root / "content")
    return root


class EditorServer:
    """The editor's origin (Decap + filtering proxy) and decap-server's private port."""

    def __init__(self, origin: str, decap_port: int):
        self.origin = origin
        self.api = f"{origin}/api/v1"
        self.decap_api = f"http://127.0.0.1:{decap_port}/api/v1"


@pytest.fixture(scope="module")
def editor_server(repo: Path) -> EditorServer:
    """`python -m exemplars.editor.edit_server` on a free loopback port, writing into the
    copy; it starts decap-server itself. Stopped (with decap-server) after the module."""
    require_decap()
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "exemplars.editor.edit_server",
            "--content",
            str(repo / "content"),
            "--port",
            str(port),
        ],
        cwd=ROOT,
        env={**os.environ, "DECAP_LOG_LEVEL": "warn"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = [server.stdout.readline() for _ in range(2)]
        if not lines[1].startswith("decap-server"):
            server.kill()
            pytest.fail(f"the editor server did not start: {''.join(lines)}{server.stdout.read()}")
        running = EditorServer(f"http://127.0.0.1:{port}", int(lines[1].rsplit(":", 1)[1]))
        deadline = time.monotonic() + 30
        while not proxy_answers(running.api):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the editor proxy did not answer on {running.api}")
            time.sleep(0.1)
        yield running
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        server.stdout.close()


@pytest.fixture(scope="module")
def proxy(editor_server: EditorServer) -> str:
    return editor_server.api


@pytest.fixture(scope="module")
def editor_site(repo: Path, proxy: str) -> Path:
    """The site built from the copy with /admin/ on, pointed at the test's proxy."""
    out = repo.parent / "site"
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("BANGVANG_ADMIN", "local")
        environment.setenv("BANGVANG_PROXY_URL", proxy)
        result = build_site(repo / "content", out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def choose(page, label: str, option: str) -> None:
    """Pick an option of a Decap select field (a searchable list) by typing its label."""
    page.get_by_label(label, exact=True).press_sequentially(option)
    page.keyboard.press("Enter")


def publish(page) -> None:
    """Decap's simple publish mode: “Công bố” then “Công bố ngay” writes the file."""
    page.get_by_role("button", name="Công bố").first.click()
    page.get_by_text("Công bố ngay", exact=True).click()
    page.get_by_text("Mục đã được lưu").wait_for()


def front_matter(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


@pytest.fixture
def editor(chromium, editor_server: EditorServer):
    """A logged-in editor page on the editor's origin; afterwards, every request it made
    went to loopback only."""
    context = chromium.new_context(viewport=DESKTOP, locale="vi-VN")
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    url = editor_server.origin + "/"
    page.goto(url + "admin/")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Gương điển hình").first.wait_for()
    yield page, url
    context.close()
    hosts = {urlparse(request).hostname for request in requests}
    assert hosts <= LOOPBACK, f"requests to other hosts: {sorted(hosts - LOOPBACK)}"
    # The recorder saw the editor's traffic: its bundle from the site, the proxy's API.
    assert any(request.endswith("/admin/decap-cms.js") for request in requests)
    assert any(request.endswith("/api/v1") for request in requests)
    assert errors == []


def test_create_exemplar_through_the_form(editor, repo: Path):
    page, url = editor
    page.goto(url + "admin/#/collections/exemplars/new")
    page.get_by_label("Tên", exact=True).fill("Nguyễn Thị Ánh Dương")
    choose(page, "Đối tượng", "Cá nhân")  # spec v2 term
    choose(page, "Đơn vị (tại thời điểm khen)", "Phường Trà Cổ")
    page.get_by_label("Tóm tắt thành tích", exact=True).fill(
        "Điều phối tình nguyện viên tại điểm tiêm chủng của phường suốt đợt dịch."
    )
    # A field typed in and emptied again must not be written as an empty value.
    position = page.get_by_label("Chức vụ (không bắt buộc)", exact=True)
    position.fill("Tình nguyện viên")
    position.fill("")
    preview = page.frame_locator("#preview-pane")
    assert preview.locator(".bv-exemplar h1").inner_text() == "Nguyễn Thị Ánh Dương"
    assert preview.locator(".bv-badge--individual").inner_text() == "Cá nhân"
    publish(page)

    written = repo / "content" / "exemplars" / "nguyen-thi-anh-duong.md"
    data, _ = front_matter(written)
    assert data == {
        "name": "Nguyễn Thị Ánh Dương",
        "kind": "individual",
        "unit": "tra-co",
        "summary": "Điều phối tình nguyện viên tại điểm tiêm chủng của phường suốt đợt dịch.",
        "status": "draft",
    }
    result = run_check(repo / "content")
    assert result.returncode == 0, result.stdout + result.stderr


def test_edit_decision_keeps_its_dates_recipients_and_status(editor, repo: Path):
    page, url = editor
    path = repo / "content" / "commendations" / "245-qd-ubnd-tra-co-2021.md"
    before, body_before = front_matter(path)
    page.goto(url + "admin/#/collections/commendations/entries/245-qd-ubnd-tra-co-2021")
    # 08/10/2021 in the file is shown as 8 October 2021, not read month-first.
    assert page.locator("input[type=date]").first.input_value() == "2021-10-08"
    assert page.get_by_text("Error:").count() == 0
    preview = page.frame_locator("#preview-pane")
    assert preview.locator(".bv-recipients > li").count() == len(before["recipients"])
    # Like the site's decision page: referenced exemplars by name, labels for ids.
    preview.locator(".bv-recipients").get_by_text("Nguyễn Văn An").wait_for()
    assert "Giấy khen" in preview.locator(".bv-facts").inner_text()
    reason = "Có thành tích xuất sắc trong tiêm chủng vắc xin phòng Covid-19."
    page.get_by_label("Thành tích", exact=True).fill(reason)
    publish(page)

    after, body_after = front_matter(path)
    assert after == {**before, "reason": reason}  # no status: draft added, lists intact
    assert body_after.strip() == body_before.strip()
    result = run_check(repo / "content")
    assert result.returncode == 0, result.stdout + result.stderr


def test_admin_is_served_from_the_site(editor_site: Path, proxy: str):
    admin = editor_site / "admin"
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert '<script src="decap-cms.js"></script>' in page
    assert "://" not in page  # no CDN, no other host
    bundle = DECAP_MODULES / "decap-cms" / "dist"
    chunks = {path.name for path in bundle.glob("*decap-cms.js")}
    assert chunks <= {path.name for path in admin.iterdir()}  # lazy chunks too
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["proxy_url"] == proxy
    assert (admin / "bangvang-admin.js").exists()


def test_create_decision_with_recipients(editor, repo: Path):
    page, url = editor
    page.goto(url + "admin/#/collections/commendations/new")
    page.get_by_label("Số quyết định", exact=True).fill("312/QĐ-UBND")
    page.locator("input[type=date]").first.fill("2021-11-20")
    page.get_by_label("Người quyết định", exact=True).fill("Chủ tịch UBND phường Trà Cổ")
    # Optional since version 2: a decision that only revokes others has no award.
    choose(page, "Danh hiệu thi đua / hình thức khen thưởng (không bắt buộc)", "Giấy khen")
    page.get_by_label("Thành tích", exact=True).fill("Hoàn thành xuất sắc đợt tiêm chủng.")
    page.get_by_role("button", name="Add người được khen").click()
    exemplar = page.get_by_label("Gương điển hình (đã có trang riêng) (không bắt buộc)")
    exemplar.press_sequentially("Nguyễn Văn An")
    page.get_by_text("Nguyễn Văn An", exact=True).last.wait_for()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Add người được khen").click()
    page.get_by_label("Tên (không bắt buộc)", exact=True).last.fill("Lê Văn Tư")
    kind = page.get_by_label(
        "Đối tượng (không bắt buộc)", exact=True
    ).last  # the kind field's label
    kind.press_sequentially("Cá nhân")
    page.keyboard.press("Enter")
    unit = page.get_by_label("Đơn vị (tại thời điểm khen) (không bắt buộc)", exact=True).last
    unit.press_sequentially("Phường Trà Cổ")
    page.keyboard.press("Enter")
    publish(page)

    written = repo / "content" / "commendations" / "312-qd-ubnd-2021-11-20.md"
    data, _ = front_matter(written)
    assert data["date"].isoformat() == "2021-11-20"  # an ISO date, read back as a date
    assert data["recipients"] == [
        {"exemplar": "nguyen-van-an"},
        {"name": "Lê Văn Tư", "kind": "individual", "unit": "tra-co"},
    ]
    assert data["status"] == "draft"
    result = run_check(repo / "content")
    assert result.returncode == 0, result.stdout + result.stderr


# A page script's attempts on the editor's API. Each answer: "blocked" (the browser refused:
# CORS), "opaque" (sent without being able to read the answer: the proxy refused it, and the
# files are checked afterwards), or "<status> <body>" when the script could read it.
ATTEMPTS = """
async ({api, decap, origin}) => {
  const persist = (path) => JSON.stringify({action: "persistEntry", params: {branch: "main",
    entry: {slug: "x", path, raw: "import os  # injected\\n"}, assets: [],
    options: {commitMessage: "x", useWorkflow: false}}});
  const read = (path) => JSON.stringify({action: "getEntry", params: {branch: "main", path}});
  const json = {"Content-Type": "application/json"};
  const attempts = {
    write_hooks: [api, {method: "POST", headers: json, body: persist("build_hooks.py")}],
    write_hooks_dotdot: [api, {method: "POST", headers: json,
                               body: persist("content/../build_hooks.py")}],
    read_git_config: [api, {method: "POST", headers: json, body: read(".git/config")}],
    simple_text_post: [api, {method: "POST", mode: "no-cors",
                             headers: {"Content-Type": "text/plain"},
                             body: persist("content/../build_hooks.py")}],
    form_post: [api, {method: "POST", mode: "no-cors", body: new URLSearchParams(
                  {action: "persistEntry", path: "build_hooks.py"})}],
    read_admin_config: [origin + "/admin/config.yml", {}],
    decap_direct: [decap, {method: "POST", headers: json, body: persist("../build_hooks.py")}],
    decap_direct_read: [decap, {method: "POST", headers: json, body: read("../.git/config")}],
    decap_simple_post: [decap, {method: "POST", mode: "no-cors",
                                headers: {"Content-Type": "text/plain"},
                                body: persist("../build_hooks.py")}],
  };
  const out = {};
  for (const [name, [url, options]] of Object.entries(attempts)) {
    try {
      const response = await fetch(url, options);
      out[name] = response.type === "opaque" ? "opaque"
        : response.status + " " + (await response.text());
    } catch (error) {
      out[name] = "blocked";
    }
  }
  return out;
}
"""


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_script_on_the_preview_origin_cannot_use_the_proxy(
    chromium, editor_site: Path, editor_server: EditorServer, repo: Path
):
    hooks = repo / "build_hooks.py"
    hooks.write_text("# the build's hooks\n", encoding="utf-8")
    git_config = repo / ".git" / "config"
    git_config.parent.mkdir(exist_ok=True)
    git_config.write_text("[remote]\n\ttoken = bí-mật\n", encoding="utf-8")
    before = files_of(repo)
    # The attacker's page on the preview origin, without the site's Content-Security-Policy
    # (which would block these requests by itself): the proxy has to refuse them alone.
    (editor_site / "attack.html").write_text(
        "<!doctype html><title>preview</title><p>preview", encoding="utf-8"
    )
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        with serve(editor_site) as preview:
            assert urlparse(preview).port != urlparse(editor_server.origin).port
            page.goto(preview + "attack.html")
            results = page.evaluate(
                ATTEMPTS,
                {
                    "api": editor_server.api,
                    "decap": editor_server.decap_api,
                    "origin": editor_server.origin,
                },
            )
    finally:
        context.close()
    assert results == {
        "write_hooks": "blocked",
        "write_hooks_dotdot": "blocked",
        "read_git_config": "blocked",
        "simple_text_post": "opaque",
        "form_post": "opaque",
        "read_admin_config": "blocked",
        "decap_direct": "blocked",
        "decap_direct_read": "blocked",
        "decap_simple_post": "opaque",
    }
    assert files_of(repo) == before  # nothing written anywhere, content/ included
    assert "bí-mật" not in json.dumps(results, ensure_ascii=False)


def test_the_editor_origin_itself_stays_inside_content(editor, repo: Path):
    """Even a script running in the editor's own page (say, smuggled into a preview) gets
    only content/: the proxy's path rules, not only the origin, hold."""
    page, url = editor
    hooks = repo / "build_hooks.py"
    hooks.write_text("# the build's hooks\n", encoding="utf-8")
    results = page.evaluate(
        """
        async () => {
          const call = async (body) => {
            const r = await fetch("/api/v1", {method: "POST",
              headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
            return [r.status, await r.json()];
          };
          return {
            hooks: await call({action: "persistEntry", params: {branch: "main",
              entry: {slug: "x", path: "content/../build_hooks.py", raw: "x"}, assets: [],
              options: {commitMessage: "x", useWorkflow: false}}}),
            git: await call({action: "getEntry", params: {branch: "main", path: ".git/config"}}),
            svg: await call({action: "persistMedia", params: {branch: "main", asset: {
              path: "content/media/x.svg", content: btoa("<svg onload=alert(1)>"),
              encoding: "base64"}, options: {commitMessage: "x"}}}),
            own: await call({action: "getEntry", params: {branch: "main",
              path: "content/exemplars/nguyen-van-an.md"}}),
          };
        }
        """
    )
    assert results["hooks"] == [
        403,
        {"error": "đường dẫn có phần không được phép: “content/../build_hooks.py”"},
    ]
    assert results["git"] == [
        403,
        {"error": "chỉ được đọc, ghi trong thư mục content/: “.git/config”"},
    ]
    assert results["svg"] == [
        415,
        {"error": "không nhận ảnh SVG (có thể chứa mã chạy được); hãy dùng JPEG/PNG"},
    ]
    status, own = results["own"]
    assert status == 200 and own["file"]["path"] == "content/exemplars/nguyen-van-an.md"
    assert hooks.read_text(encoding="utf-8") == "# the build's hooks\n"
    assert not (repo / "content" / "media" / "x.svg").exists()


def test_a_save_with_an_error_is_refused_and_nothing_is_written(editor, repo: Path):
    """The web editor's saves go through the one validator (`exemplars check`'s rules): an
    unknown unit is refused with the check's own line, and no file is written."""
    page, url = editor
    target = repo / "content" / "exemplars" / "sai-don-vi.md"
    raw = "---\nname: Sai Đơn Vị\nkind: individual\nunit: khong-co\nsummary: Thử.\n---\n"
    status, answer = page.evaluate(
        """
        async (raw) => {
          const r = await fetch("/api/v1", {method: "POST",
            headers: {"Content-Type": "application/json"}, body: JSON.stringify({
              action: "persistEntry", params: {branch: "main",
                entry: {slug: "sai-don-vi", path: "content/exemplars/sai-don-vi.md", raw},
                assets: [], options: {commitMessage: "x", useWorkflow: false}}})});
          return [r.status, await r.json()];
        }
        """,
        raw,
    )
    assert status == 422, answer
    assert answer["error"].startswith("Chưa lưu: hồ sơ có lỗi")
    assert "content/exemplars/sai-don-vi.md:4: unit:" in answer["error"]
    assert not target.exists()


def test_decap_server_refuses_requests_without_the_proxys_key(editor_server: EditorServer):
    """A page that rebinds its host name to 127.0.0.1 (DNS rebinding) reaches decap-server
    as same-origin, where CORS does not apply; any program on the machine can call it too.
    Without the key the proxy got at start-up, decap-server answers nothing but 403."""
    import urllib.error
    import urllib.request

    for host in ("127.0.0.1", "rebound.example"):
        request = urllib.request.Request(
            editor_server.decap_api,
            data=json.dumps(
                {"action": "getEntry", "params": {"branch": "main", "path": "index.md"}}
            ).encode(),
            headers={"Content-Type": "application/json", "Host": host},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403
        assert json.loads(refused.value.read()) == {"error": "forbidden"}

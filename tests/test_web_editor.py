"""The web editor in a real browser: Decap CMS on /admin/, logged in to its local proxy,
creates an exemplar through the form; the file it writes passes the check and the browser
talks to no host but this machine.

Decap and its proxy come from `make editor` (a prerequisite of `make test`); the proxy works
on a copy of the sample content, so the test never touches the repository's content/.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
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
    request = urllib.request.Request(
        url,
        data=json.dumps({"action": "info"}).encode(),
        headers={"Content-Type": "application/json"},
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


@pytest.fixture(scope="module")
def proxy(repo: Path) -> str:
    """decap-server on a free loopback port, writing into the copy; stopped after the test."""
    require_decap()
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "MODE": "fs",
        "GIT_REPO_DIRECTORY": str(repo),
        "LOG_LEVEL": "warn",
    }
    server = subprocess.Popen(
        ["node", str(DECAP_SERVER)],
        cwd=repo,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.monotonic() + 30
        while not proxy_answers(url):
            if server.poll() is not None or time.monotonic() > deadline:
                output = server.stdout.read().decode() if server.poll() is not None else ""
                pytest.fail(f"decap-server did not start on {url}: {output}")
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        server.stdout.close()


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
def editor(chromium, editor_site: Path):
    """A logged-in editor page; afterwards, every request it made went to loopback only."""
    context = chromium.new_context(viewport=DESKTOP, locale="vi-VN")
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    with serve(editor_site) as url:
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
    choose(page, "Loại", "Cá nhân")
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
    page.get_by_label("Cấp quyết định", exact=True).fill("Chủ tịch UBND phường Trà Cổ")
    choose(page, "Hình thức khen thưởng / danh hiệu", "Giấy khen")
    page.get_by_label("Thành tích", exact=True).fill("Hoàn thành xuất sắc đợt tiêm chủng.")
    page.get_by_role("button", name="Add người được khen").click()
    exemplar = page.get_by_label("Gương điển hình (đã có trang riêng) (không bắt buộc)")
    exemplar.press_sequentially("Nguyễn Văn An")
    page.get_by_text("Nguyễn Văn An", exact=True).last.wait_for()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Add người được khen").click()
    page.get_by_label("Tên (không bắt buộc)", exact=True).last.fill("Lê Văn Tư")
    kind = page.get_by_label("Loại (không bắt buộc)", exact=True).last
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

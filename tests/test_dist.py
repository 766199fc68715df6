"""Archive and deploy: reproducible builds, the dated archive with its checksum, redirects
for old ids and the Vietnamese 404 page."""

from __future__ import annotations

import gzip
import hashlib
import re
import struct
import tarfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, build_site, read

EPOCH = 1764374400  # 2025-11-29 00:00 UTC


# Pagefind (1.5) writes its filter and metadata indexes from hash maps, so their bytes and
# hashed names vary from run to run (upstream: Pagefind issue #638, fixed for fragments only).
# Everything else, Pagefind's fragments and word index included, must be byte-identical.
UNSTABLE_PAGEFIND = re.compile(
    r"^pagefind/(filter/.*\.pf_filter|pagefind\..*\.pf_meta|pagefind-entry\.json)$"
)


def tree_bytes(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def stable(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if not UNSTABLE_PAGEFIND.match(name)}


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    sites = []
    for seed in ("1", "2"):  # a different hash seed catches any set-ordered output
        monkeypatch.setenv("PYTHONHASHSEED", seed)
        out = tmp_path / f"site-{seed}"
        result = build_site(ROOT / "content", out)
        assert result.returncode == 0, result.stdout + result.stderr
        sites.append(tree_bytes(out))
    first, second = (stable(site) for site in sites)
    assert any(name.startswith("pagefind/fragment/") for name in first)
    assert list(first) == list(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []
    unstable = [len(site) - len(stable(site)) for site in sites]
    assert unstable[0] == unstable[1] > 0  # the same number of filter files, differently named
    with gzip.open(tmp_path / "site-1" / "sitemap.xml.gz") as stream:
        assert stream.read() == first["sitemap.xml"]
    mtime = struct.unpack("<I", first["sitemap.xml.gz"][4:8])[0]
    # MkDocs stamps the gzip with the newest page date: with record dates from history
    # (spec v2) that is the newest <lastmod>, still the same for the same content.
    newest = max(re.findall(r"<lastmod>([\d-]+)</lastmod>", first["sitemap.xml"].decode()))
    assert mtime == int(datetime.fromisoformat(newest).replace(tzinfo=UTC).timestamp())
    assert "<lastmod>2025-11-29</lastmod>" in first["sitemap.xml"].decode()


def test_archive_is_dated_checksummed_and_reproducible(sample_site, tmp_path):
    from exemplars.site.archive import make_dist

    archive, checksum = make_dist(sample_site, tmp_path / "a", EPOCH)
    again, _ = make_dist(sample_site, tmp_path / "b", EPOCH)
    assert archive.name == "bangvang-site-2025-11-29.tar.gz"
    assert archive.read_bytes() == again.read_bytes()
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    assert checksum.read_text() == f"{digest}  bangvang-site-2025-11-29.tar.gz\n"
    with tarfile.open(archive) as tar:
        members = tar.getmembers()
        names = [m.name for m in members]
        assert names[0] == "bangvang-site-2025-11-29"
        assert names[1:] == sorted(names[1:], key=lambda n: n.split("/", 1)[1])
        assert all(
            m.mtime == EPOCH and m.uid == 0 and m.gid == 0 and m.uname == "" for m in members
        )
        index = tar.extractfile("bangvang-site-2025-11-29/index.html").read()
    assert index == (sample_site / "index.html").read_bytes()
    files = {p.relative_to(sample_site).as_posix() for p in sample_site.rglob("*")}
    assert {n.split("/", 1)[1] for n in names[1:]} == files


def test_archive_refuses_an_unbuilt_site(tmp_path):
    from exemplars.site.archive import main

    assert main([str(tmp_path / "nothing"), str(tmp_path / "dist")]) == 1
    assert not (tmp_path / "dist").exists()


def test_make_dist_target_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^dist: setup$", makefile, re.M)
    assert "exemplars.site.archive" in makefile and "SOURCE_DATE_EPOCH" in makefile


def test_alias_redirects_to_the_new_page(sample_site):
    page = read(sample_site, "exemplars/nguyen-van-an-tra-co/")
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', page)
    assert refresh
    target = (sample_site / "exemplars" / "nguyen-van-an-tra-co" / refresh.group(1)).resolve()
    assert target == (sample_site / "exemplars" / "nguyen-van-an").resolve()
    assert (target / "index.html").exists()
    assert (
        '<link rel="canonical" href="https://bangvang.example.vn/exemplars/nguyen-van-an/">' in page
    )
    assert re.search(r'<a href="../nguyen-van-an/">', page)
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "nguyen-van-an-tra-co" not in sitemap


def test_alias_of_a_draft_gets_no_redirect(tree, built):
    from conftest import EXEMPLAR

    tree.minimal()
    tree.write(
        "exemplars/le-van-nhap.md",
        EXEMPLAR.replace("Nguyễn Văn An", "Lê Văn Nháp") + "aliases: [ma-cu-nhap]\nstatus: draft\n",
    )
    tree.write(
        "exemplars/tran-van-moi.md",
        EXEMPLAR.replace("Nguyễn Văn An", "Trần Văn Mới") + "aliases: [ma-cu-moi]\n",
    )
    site = built(tree)
    assert not (site / "exemplars" / "ma-cu-nhap").exists()
    assert "Trần Văn Mới" in read(site, "exemplars/ma-cu-moi/")


def test_vietnamese_404(sample_site):
    page = (sample_site / "404.html").read_text(encoding="utf-8")
    assert "Không tìm thấy trang" in page
    assert "404 - Not found" not in page
    assert 'href="/exemplars/"' in page


@pytest.mark.parametrize("path", [".github/workflows/pages.yml", "docs/deploy.md"])
def test_deploy_is_documented(path):
    text = (ROOT / path).read_text(encoding="utf-8")
    if path.endswith("deploy.md"):
        assert "location ^~ /assets/" in text and "location ^~ /pagefind/" in text
        assert "Cache-Control" in text
    else:
        workflow = yaml.safe_load(text)
        assert set(workflow["jobs"]) == {"build", "deploy"}
        assert "make dist" in text and "actions/deploy-pages" in text

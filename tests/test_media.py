"""Published images: re-encoded from phone photos with no metadata left, in a few widths, each
under 400 KB, cached outside the site; originals, drafts' images and unreferenced scans never
reach the site; pages show them with srcset, width, height and alt.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from conftest import DECISION, EXEMPLAR, Tree, build_site, read
from PIL import Image, ImageCms

from exemplars.site import media
from exemplars.site.media import PHOTO_SETTINGS, ImageCache, render_image

SERIAL = "SN-SECRET-4417"
MAKER = "PhoneMakerCo"
XMP_MARK = "SECRETXMP"
LEAKS = (
    SERIAL.encode(),
    MAKER.encode(),
    XMP_MARK.encode(),
    b"Exif",
    b"EXIF",
    b"GPS",
    b"xmp",
    b"XMP",
    b"ns.adobe.com",
    b"ICCP",
    b"acsp",
)
ALLOWED_INFO = {
    "jfif",
    "jfif_version",
    "jfif_unit",
    "jfif_density",
    "progressive",
    "progression",
    "loop",
    "background",
    "dpi",
}
MAX_BYTES = 400_000


def phone_jpeg(
    width: int = 1800,
    height: int = 1200,
    orientation: int = 6,
    noise: bool = False,
    shade: str = "red",
) -> bytes:
    """A phone photo as stored: sideways pixels, an orientation tag, GPS, serial, XMP, ICC.

    Stored left half `shade`, right half blue: with orientation 6 the left edge is the top.
    """
    image = Image.new("RGB", (width, height), "blue")
    image.paste(Image.new("RGB", (width // 2, height), shade), (0, 0))
    if noise:
        grain = Image.effect_noise((width, height), 120).convert("RGB")
        image = Image.blend(image, grain, 0.5)
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = MAKER
    exif[0x0110] = "Model X"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (21.0, 31.0, 12.5), 3: "E", 4: (107.0, 58.0, 1.0)})
    exif.get_ifd(0x8769)[0xA431] = SERIAL  # BodySerialNumber
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    image.save(
        buffer,
        "JPEG",
        quality=95,
        exif=exif,
        icc_profile=profile,
        xmp=f"<x:xmpmeta><rdf:Description>{XMP_MARK}</rdf:Description></x:xmpmeta>".encode(),
    )
    data = buffer.getvalue()
    assert SERIAL.encode() in data and XMP_MARK.encode() in data  # the fixture carries them
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)
    return data


def assert_clean(data: bytes) -> Image.Image:
    """No metadata at all: not in Pillow's view, not anywhere in the bytes."""
    image = Image.open(io.BytesIO(data))
    assert not dict(image.getexif()), dict(image.getexif())
    assert set(image.info) <= ALLOWED_INFO, image.info.keys()
    for leak in LEAKS:
        assert leak not in data, leak
    assert len(data) <= MAX_BYTES
    return image


# -- the pipeline, in-process --------------------------------------------------------------


def test_orientation_applied_then_every_metadata_dropped():
    variants = render_image(phone_jpeg(), PHOTO_SETTINGS)
    assert {(w, f) for w, _, f, _ in variants} == {
        (w, f) for w in (320, 640, 1200) for f in ("webp", "jpeg")
    }  # 1800×1200 stored sideways is 1200 wide upright: not upscaled to 1280
    for width, height, fmt, data in variants:
        image = assert_clean(data)
        assert image.format == fmt.upper()
        assert image.size == (width, height)
        assert height == round(width * 1800 / 1200)  # portrait: dimensions swapped
        rgb = image.convert("RGB")
        top, bottom = rgb.getpixel((width // 2, 2)), rgb.getpixel((width // 2, height - 3))
        assert top[0] > 180 and top[2] < 80, top  # the stored left (red) is now the top
        assert bottom[2] > 180 and bottom[0] < 80, bottom


def test_widths_are_never_upscaled_and_never_over_1600():
    assert PHOTO_SETTINGS.targets(4000) == [320, 640, 1280]
    assert PHOTO_SETTINGS.targets(500) == [320, 500]
    assert PHOTO_SETTINGS.targets(200) == [200]
    assert media.SCAN_SETTINGS.targets(4000) == [1600]
    small = render_image(phone_jpeg(500, 300, orientation=1), PHOTO_SETTINGS)
    assert sorted({w for w, _, _, _ in small}) == [320, 500]


def test_a_heavy_photo_still_fits_400_kb():
    variants = render_image(phone_jpeg(1800, 1350, orientation=1, noise=True), PHOTO_SETTINGS)
    assert max(len(data) for _, _, _, data in variants) <= MAX_BYTES
    assert max(w for w, _, _, _ in variants) >= 1000  # made to fit by quality first


def test_unreadable_image_is_a_clear_error():
    with pytest.raises(media.ImageError, match="JPEG hoặc PNG"):
        render_image(b"\xff\xd8\xff not an image", PHOTO_SETTINGS)


def test_warm_cache_does_no_image_work_and_is_safe_to_delete(tmp_path, monkeypatch):
    source = tmp_path / "an.jpg"
    source.write_bytes(phone_jpeg())
    calls = []
    real = media.render_image
    monkeypatch.setattr(media, "render_image", lambda *a: calls.append(1) or real(*a))
    folder = tmp_path / "cache"
    first = ImageCache(folder).variants(source, PHOTO_SETTINGS)
    assert len(calls) == 1
    stamps = {p: p.stat().st_mtime_ns for p in folder.rglob("*")}
    again = ImageCache(folder)
    assert again.variants(source, PHOTO_SETTINGS) == first
    assert (len(calls), again.made, again.reused) == (1, 0, 1)
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*")} == stamps
    for variant, path in first:  # names come from the source's hash and the settings
        assert Path(variant.path).name == path.name
        assert path.name.startswith(again.key(source.read_bytes(), PHOTO_SETTINGS))
    import shutil

    shutil.rmtree(folder)
    assert ImageCache(folder).variants(source, PHOTO_SETTINGS) == first
    assert len(calls) == 2


# -- a built site --------------------------------------------------------------------------

COLLECTIVE = EXEMPLAR.replace("Nguyễn Văn An", "Tổ Covid khu 5").replace("individual", "collective")
STORY = """\
title: Phường Trà Cổ khen thưởng
date: 2021-11-06
exemplars: [nguyen-van-an]
image: anh/le-khen.jpg
image_alt: Lễ trao giấy khen
image_caption: Lễ trao giấy khen tại phường Trà Cổ
"""
PDF = b"%PDF-1.4\n% scan of a decision\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def media_site(tmp_path_factory):
    """A site with a portrait, a collective's photo, a story image and a scanned decision;
    plus a draft with a portrait, a stray photo and an unreferenced scan that must not show."""
    base = tmp_path_factory.mktemp("media")
    tree = Tree(base / "content").minimal()
    files = {
        "exemplars/anh/an.jpg": phone_jpeg(1800, 1200, orientation=6),
        "exemplars/to.jpg": phone_jpeg(1600, 1000, orientation=1, shade="green"),
        "exemplars/nhap.jpg": phone_jpeg(900, 900, orientation=1, shade="yellow"),
        "anh/le-khen.jpg": phone_jpeg(2000, 1500, orientation=1),
        "anh/khong-dung.jpg": phone_jpeg(700, 500, orientation=1),
        "van-ban/245.pdf": PDF,
        "van-ban/300.jpg": phone_jpeg(2400, 1800, orientation=8, shade="white"),
        "van-ban/khong-dung.pdf": PDF.replace(b"scan", b"SCAN-UNUSED"),
    }
    for relative, data in files.items():
        path = tree.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    tree.write(
        "exemplars/nguyen-van-an.md",
        EXEMPLAR + "portrait: anh/an.jpg\n"
        "portrait_alt: Ông An tại chốt kiểm soát\nphoto_credit: Trung tâm TT-VH\n"
        "photo_consent: true\n",
        "Câu chuyện của anh An.\n",
    )
    tree.write("exemplars/to-covid.md", COLLECTIVE + "portrait: to.jpg\n")
    tree.write(
        "exemplars/nhap.md",
        EXEMPLAR.replace("Nguyễn Văn An", "Bản Nháp")
        + "portrait: nhap.jpg\nphoto_consent: true\nstatus: draft\n",
    )
    tree.write("commendations/245-qd-ubnd-tra-co.md", DECISION + "document: van-ban/245.pdf\n")
    tree.write("stories/le-khen.md", STORY, "Nội dung bài.\n")
    tree.write(
        "commendations/300-qd-ubnd-tra-co.md",
        DECISION.replace("245/", "300/") + "document: ../van-ban/300.jpg\n",
    )
    out = base / "site"
    result = build_site(tree.root, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return tree, out, files


def site_files(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.is_file()]


def test_no_published_image_carries_metadata(media_site):
    _, out, _ = media_site
    images = [p for p in site_files(out) if p.suffix in {".jpg", ".jpeg", ".webp", ".png"}]
    assert len(images) >= 12
    for path in images:
        assert_clean(path.read_bytes())
    widths = {Image.open(p).width for p in (out / "media").iterdir() if p.suffix == ".webp"}
    assert {320, 640, 1200, 1280} <= widths and max(widths) <= 1600


def test_originals_drafts_and_unreferenced_files_are_not_published(media_site):
    tree, out, files = media_site
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in site_files(out)}
    published = {"van-ban/245.pdf"}
    for relative, data in files.items():
        present = hashlib.sha256(data).hexdigest() in digests
        assert present == (relative in published), relative
    names = {p.name for p in site_files(out)}
    assert not names & {Path(r).name for r in files}
    assert not (out / "exemplars" / "anh").exists() and not (out / "van-ban").exists()
    assert (out / "assets" / "images" / "favicon.png").is_file()  # the theme's images stay
    key = ImageCache(Path()).key
    for relative in ("exemplars/nhap.jpg", "anh/khong-dung.jpg"):
        prefix = key(files[relative], PHOTO_SETTINGS)
        assert not any(name.startswith(prefix) for name in names), relative
    assert any(n.startswith(key(files["exemplars/to.jpg"], PHOTO_SETTINGS)) for n in names)


def test_profile_portrait_markup(media_site):
    _, out, _ = media_site
    page = read(out, "exemplars/nguyen-van-an/")
    figure = re.search(r'<figure class="bv-portrait">.*?</figure>', page, re.S).group(0)
    assert '<source type="image/webp" srcset="../../media/' in figure
    img = re.search(r"<img [^>]*>", figure).group(0)
    assert re.search(
        r'srcset="[^"]*-320\.jpg 320w, [^"]*-640\.jpg 640w, [^"]*-1200\.jpg 1200w"', img
    ), img
    assert 'width="1200" height="1800"' in img
    assert 'alt="Ông An tại chốt kiểm soát"' in img
    assert "sizes=" in img and 'loading="lazy"' not in img
    assert "<figcaption>Ảnh: Trung tâm TT-VH</figcaption>" in figure
    src = re.search(r'src="([^"]+)"', img).group(1)
    assert (out / "exemplars" / "nguyen-van-an" / src).resolve().is_file()


def test_collective_portrait_alt_defaults_to_the_name(media_site):
    _, out, _ = media_site
    page = read(out, "exemplars/to-covid/")
    assert 'alt="Tổ Covid khu 5"' in page


def test_listing_thumbnails_are_lazy_with_dimensions(media_site):
    _, out, _ = media_site
    page = read(out, "exemplars/")
    thumbs = re.findall(r'<span class="bv-card__thumb">.*?</span>', page, re.S)
    assert len(thumbs) == 2  # An and the collective; the draft has no card at all
    for thumb in thumbs:
        img = re.search(r"<img [^>]*>", thumb).group(0)
        assert 'loading="lazy"' in img and 'alt=""' in img
        assert re.search(r'width="320" height="\d+"', img), img
        assert 'srcset="' in img


def test_story_image_with_caption(media_site):
    _, out, _ = media_site
    page = read(out, "stories/le-khen/")
    figure = re.search(r'<figure class="bv-story-image">.*?</figure>', page, re.S).group(0)
    assert 'alt="Lễ trao giấy khen"' in figure
    assert "<figcaption>Lễ trao giấy khen tại phường Trà Cổ</figcaption>" in figure
    assert 'width="1280" height="960"' in figure


def test_decision_links_its_scan(media_site):
    _, out, _ = media_site
    page = read(out, "commendations/245-qd-ubnd-tra-co/")
    link = re.search(r'<a href="([^"]+)" type="application/pdf">Xem văn bản gốc</a>', page)
    assert link, page
    target = (out / "commendations" / "245-qd-ubnd-tra-co" / link.group(1)).resolve()
    assert target.read_bytes() == PDF


def test_an_image_scan_is_re_encoded_too(media_site):
    _, out, _ = media_site
    page = read(out, "commendations/300-qd-ubnd-tra-co/")
    link = re.search(r'<a href="([^"]+)" type="image/jpeg">Xem văn bản gốc</a>', page)
    assert link, page
    scan = (out / "commendations" / "300-qd-ubnd-tra-co" / link.group(1)).resolve()
    image = assert_clean(scan.read_bytes())
    assert image.size == (1600, 2133)  # orientation 8 applied, one readable width


def test_rebuild_takes_every_image_from_the_cache(media_site):
    tree, out, _ = media_site
    cache = out.parent / ".cache" / "images"
    stamps = {p: p.stat().st_mtime_ns for p in cache.rglob("*")}
    assert len([p for p in cache.iterdir() if p.is_dir()]) == 4  # draft and stray: no work
    again = out.parent / "site-again"
    result = build_site(tree.root, again)
    assert result.returncode == 0, result.stderr
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*")} == stamps
    assert sorted(p.name for p in (again / "media").iterdir()) == sorted(
        p.name for p in (out / "media").iterdir()
    )


def test_broken_image_fails_the_build_with_a_vietnamese_line(tree, tmp_path):
    tree.minimal()
    (tree.root / "exemplars" / "to.jpg").write_bytes(b"\xff\xd8\xff")
    tree.write("exemplars/to-covid.md", COLLECTIVE + "portrait: to.jpg\n")
    result = build_site(tree.root, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "exemplars/to-covid.md:7: portrait: không đọc được ảnh" in output
    assert "Traceback" not in output


def test_sample_portrait_is_published_re_encoded(sample_site):
    from conftest import ROOT

    original = (ROOT / "content/exemplars/anh/tram-y-te-phuong-tra-co.jpg").read_bytes()
    page = read(sample_site, "exemplars/tram-y-te-phuong-tra-co/")
    assert '<figure class="bv-portrait">' in page and "dữ liệu mẫu" in page
    published = [p for p in (sample_site / "media").iterdir()]
    assert published and all(p.read_bytes() != original for p in published)
    assert not (sample_site / "exemplars" / "anh").exists()

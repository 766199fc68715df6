"""Media: the published copies of portraits, story images and decision scans.

Phone photos carry the place they were taken (often someone's home) and the camera's serial
number. So no original image is ever published: each one a published record uses is
re-encoded here with its orientation applied and every byte of metadata dropped (EXIF, GPS,
XMP, maker notes, ICC after conversion to sRGB), in a few widths, WebP and JPEG, each file at
most `max_bytes`. Results are cached by the source's content hash and the settings, in a
folder outside the site, so a rebuild does no image work; deleting the folder is always safe.

Decision scans are published only when a published decision names them; a PDF is published
as it is (re-writing it would break a digital signature).

No MkDocs import: `build_hooks.py` asks `publish()` for the files and hands the index to the
renderer.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import PIL
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from exemplars.content.model import Commendation, Exemplar, Record, Story
from exemplars.content.paths import resolve_media
from exemplars.content.problems import Problem
from exemplars.content.tree import DOCUMENT_SUFFIXES, MEDIA_SUFFIXES
from exemplars.progress import Progress, silent
from exemplars.site.catalog import Catalog

MEDIA_FOLDER = "media"
PIPELINE_VERSION = 1
DEFAULT_CACHE = Path(".cache") / "images"
MIME = {"webp": "image/webp", "jpeg": "image/jpeg", "pdf": "application/pdf"}
SUFFIX = {"webp": ".webp", "jpeg": ".jpg", "pdf": ".pdf"}


def is_media(src_uri: str) -> bool:
    """An image or PDF in the docs folder: never published as it is."""
    return Path(src_uri).suffix.lower() in MEDIA_SUFFIXES


@dataclass(frozen=True)
class ImageSettings:
    """What every published image looks like; part of the cache key."""

    widths: tuple[int, ...] = (320, 640, 1280)
    max_width: int = 1600
    max_bytes: int = 400_000
    formats: tuple[str, ...] = ("webp", "jpeg")
    quality: int = 80
    min_quality: int = 40

    def targets(self, width: int) -> list[int]:
        """The widths to publish for a source this wide: never upscaled, never over max."""
        limit = min(width, self.max_width)
        return sorted({min(w, limit) for w in self.widths if w > 0} or {limit})

    def fingerprint(self) -> str:
        settings = {**asdict(self), "pipeline": PIPELINE_VERSION, "pillow": PIL.__version__}
        return json.dumps(settings, sort_keys=True)


PHOTO_SETTINGS = ImageSettings()
# A scan is read, not glanced at: one wide JPEG, which every viewer opens.
SCAN_SETTINGS = ImageSettings(widths=(1600,), formats=("jpeg",), quality=85)


@dataclass(frozen=True)
class Variant:
    """One published file of an image."""

    path: str  # site-relative, e.g. "media/3f9c…-640.webp"
    width: int
    height: int
    format: str
    size: int

    @property
    def mime(self) -> str:
        return MIME[self.format]


@dataclass(frozen=True)
class PublishedImage:
    """Every published variant of one source image, for `<picture>` and `srcset`."""

    variants: tuple[Variant, ...]

    def of(self, fmt: str) -> list[Variant]:
        return sorted((v for v in self.variants if v.format == fmt), key=lambda v: v.width)

    @property
    def formats(self) -> list[str]:
        return list(dict.fromkeys(v.format for v in self.variants))

    @property
    def fallback(self) -> str:
        """The format of `<img src>`: JPEG where there is one, since every browser reads it."""
        return "jpeg" if "jpeg" in self.formats else self.formats[0]

    @property
    def alternatives(self) -> list[str]:
        """Formats offered in `<source>` before the fallback."""
        return [f for f in self.formats if f != self.fallback]

    @property
    def largest(self) -> Variant:
        return self.of(self.fallback)[-1]

    @property
    def smallest(self) -> Variant:
        return self.of(self.fallback)[0]


@dataclass(frozen=True)
class PublishedDocument:
    """A decision scan: the file a reader opens from the decision's page."""

    path: str
    format: str
    size: int

    @property
    def mime(self) -> str:
        return MIME[self.format]

    @property
    def label(self) -> str:
        return "PDF" if self.format == "pdf" else "ảnh"

    @property
    def size_text(self) -> str:
        """1,2 MB / 350 KB, the Vietnamese way (decimal comma)."""
        if self.size >= 1_000_000:
            return f"{self.size / 1_000_000:.1f}".replace(".", ",") + " MB"
        return f"{max(1, round(self.size / 1000))} KB"


@dataclass
class MediaIndex:
    """The media of one build: what each record shows and which files the site gets."""

    portraits: dict[str, PublishedImage] = field(default_factory=dict)
    story_images: dict[str, PublishedImage] = field(default_factory=dict)
    documents: dict[str, PublishedDocument] = field(default_factory=dict)
    outputs: dict[str, Path] = field(default_factory=dict)  # site path → file to copy
    problems: list[Problem] = field(default_factory=list)
    made: int = 0  # images encoded in this build (0 when the cache had them all)
    reused: int = 0

    def portrait(self, exemplar: Exemplar) -> PublishedImage | None:
        return self.portraits.get(exemplar.id)

    def image(self, story: Story) -> PublishedImage | None:
        return self.story_images.get(story.id)

    def document(self, decision: Commendation) -> PublishedDocument | None:
        return self.documents.get(decision.id)


class ImageError(Exception):
    """The file cannot be read as an image; the message is for the editor."""


def _oriented_size(image: Image.Image) -> tuple[int, int]:
    orientation = image.getexif().get(0x0112, 1)
    width, height = image.size
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def _to_srgb(image: Image.Image) -> Image.Image:
    """RGB or RGBA in sRGB, so dropping the colour profile does not shift the colours."""
    alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    mode = "RGBA" if alpha else "RGB"
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            srgb = ImageCms.createProfile("sRGB")
            converted = ImageCms.profileToProfile(image, source, srgb, outputMode=mode)
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: plain conversion below
    return image.convert(mode)


def _clean(image: Image.Image) -> Image.Image:
    """Pixels only: a new image carries no info, no EXIF, no XMP, no profile."""
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def _encode(image: Image.Image, fmt: str, settings: ImageSettings) -> bytes:
    """The best quality that fits `max_bytes`, stepping down to `min_quality`."""
    if fmt == "jpeg" and image.mode == "RGBA":
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    quality = settings.quality
    while True:
        buffer = io.BytesIO()
        if fmt == "webp":
            image.save(buffer, "WEBP", quality=quality, method=4)
        else:
            image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
        if buffer.tell() <= settings.max_bytes or quality <= settings.min_quality:
            return buffer.getvalue()
        quality = max(settings.min_quality, quality - 10)


def render_image(data: bytes, settings: ImageSettings) -> list[tuple[int, int, str, bytes]]:
    """Source bytes → (width, height, format, bytes) of every variant; raises ImageError."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            width, height = _oriented_size(opened)
            top = settings.targets(width)[-1]
            if opened.format == "JPEG" and top < width:
                # Decode at a reduced DCT scale when that still leaves enough pixels.
                scale = top / width
                opened.draft("RGB", (int(opened.width * scale) + 1, int(opened.height * scale) + 1))
            upright = ImageOps.exif_transpose(opened)
            base = _clean(_to_srgb(upright))
    except UnidentifiedImageError:
        raise ImageError("không đọc được ảnh này; hãy lưu lại dạng JPEG hoặc PNG") from None
    except Image.DecompressionBombError:
        raise ImageError("ảnh quá lớn (quá nhiều điểm ảnh); hãy thu nhỏ trước") from None
    except (OSError, ValueError, SyntaxError) as error:
        raise ImageError(f"ảnh bị hỏng hoặc không đọc hết được ({error})") from None
    results = []
    variant = base
    for target in reversed(settings.targets(base.width)):
        size = (target, max(1, round(base.height * target / base.width)))
        if size != variant.size:  # each width from the one above it: less work, same result
            variant = variant.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        for fmt in settings.formats:
            encoded = _encode(variant, fmt, settings)
            shrunk = variant
            while len(encoded) > settings.max_bytes and shrunk.width > 64:
                # Still too heavy at the lowest quality (noise, fine texture): fewer pixels.
                shrunk = shrunk.resize(
                    (int(shrunk.width * 0.85), max(1, int(shrunk.height * 0.85))),
                    Image.Resampling.LANCZOS,
                )
                encoded = _encode(shrunk, fmt, settings)
            results.append((shrunk.width, shrunk.height, fmt, encoded))
    return results


class ImageCache:
    """Processed images by source content hash + settings; a folder that is safe to delete."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self.made = 0
        self.reused = 0

    def key(self, data: bytes, settings: ImageSettings) -> str:
        digest = hashlib.sha256(settings.fingerprint().encode())
        digest.update(hashlib.sha256(data).digest())
        return digest.hexdigest()[:24]

    def variants(self, source: Path, settings: ImageSettings) -> list[tuple[Variant, Path]]:
        """The published variants of `source` and their cached files; encodes on a miss."""
        data = source.read_bytes()
        key = self.key(data, settings)
        entry = self.folder / key
        manifest = entry / "manifest.json"
        if manifest.is_file():
            try:
                found = self._read(entry, manifest)
                with self._lock:
                    self.reused += 1
                return found
            except (OSError, ValueError, KeyError):
                shutil.rmtree(entry, ignore_errors=True)  # a damaged entry: make it again
        rendered = render_image(data, settings)
        self.folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=self.folder))
        records = []
        for width, height, fmt, encoded in rendered:
            name = f"{key}-{width}{SUFFIX[fmt]}"
            (staging / name).write_bytes(encoded)
            records.append(
                {
                    "file": name,
                    "width": width,
                    "height": height,
                    "format": fmt,
                    "size": len(encoded),
                }
            )
        (staging / "manifest.json").write_text(json.dumps({"variants": records}), "utf-8")
        try:
            os.rename(staging, entry)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)  # another build made it meanwhile
        with self._lock:
            self.made += 1
        return self._read(entry, entry / "manifest.json")

    def _read(self, entry: Path, manifest: Path) -> list[tuple[Variant, Path]]:
        found = []
        for item in json.loads(manifest.read_text("utf-8"))["variants"]:
            path = entry / item["file"]
            if not path.is_file():
                raise ValueError("missing variant")
            found.append(
                (
                    Variant(
                        f"{MEDIA_FOLDER}/{item['file']}",
                        item["width"],
                        item["height"],
                        item["format"],
                        item["size"],
                    ),
                    path,
                )
            )
        return found


def cache_folder(project_dir: Path, configured: str | None = None) -> Path:
    """EXEMPLARS_IMAGE_CACHE, else `extra.bangvang.image_cache`, else `.cache/images`."""
    chosen = os.environ.get("EXEMPLARS_IMAGE_CACHE") or configured
    folder = Path(chosen) if chosen else DEFAULT_CACHE
    return folder if folder.is_absolute() else Path(project_dir) / folder


@dataclass(frozen=True)
class _Job:
    record: Record
    field: str
    source: Path
    settings: ImageSettings


def _jobs(catalog: Catalog, root: Path) -> tuple[list[_Job], list[tuple[Commendation, Path]]]:
    """What the published records use; drafts and embargoed records are not in the catalog."""
    images: list[_Job] = []
    pdfs: list[tuple[Commendation, Path]] = []
    wanted: list[tuple[Record, str, str | None, ImageSettings]] = [
        (e, "portrait", e.portrait, PHOTO_SETTINGS) for e in catalog.exemplars.values()
    ]
    wanted += [(s, "image", s.image, PHOTO_SETTINGS) for s in catalog.stories.values()]
    wanted += [(d, "document", d.document, SCAN_SETTINGS) for d in catalog.commendations.values()]
    for record, name, value, settings in wanted:
        if not value:
            continue
        path, _ = resolve_media(record, value, root)
        if path is None:
            continue  # rule 11 reports it; the build does not get here with errors
        if name == "document" and path.suffix.lower() in DOCUMENT_SUFFIXES:
            pdfs.append((record, path))  # type: ignore[arg-type]
        else:
            images.append(_Job(record, name, path, settings))
    return images, pdfs


def publish(
    catalog: Catalog,
    root: Path,
    cache: Path,
    workers: int | None = None,
    progress: Progress = silent,
) -> MediaIndex:
    """Every media file the published records use, ready to copy; problems for bad files."""
    index = MediaIndex()
    images, pdfs = _jobs(catalog, Path(root))
    store = ImageCache(cache)
    unique = list(dict.fromkeys((job.source, job.settings) for job in images))

    def run(item: tuple[Path, ImageSettings]):
        try:
            return store.variants(*item)
        except ImageError as error:
            return error
        except OSError as error:
            return ImageError(f"không đọc được tệp ({error.strerror})")

    threads = workers or min(len(unique), os.cpu_count() or 1) or 1
    results = []
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for number, result in enumerate(pool.map(run, unique), 1):
            results.append(result)
            progress("Ảnh", number, len(unique))
    done = dict(zip(unique, results, strict=True))
    for job in images:
        result = done[(job.source, job.settings)]
        origin = job.record.origin
        if isinstance(result, ImageError):
            index.problems.append(
                Problem(origin.path, origin.line_of((job.field,)), job.field, str(result))
            )
            continue
        for variant, path in result:
            index.outputs[variant.path] = path
        published = PublishedImage(tuple(variant for variant, _ in result))
        if job.field == "portrait":
            index.portraits[job.record.id] = published
        elif job.field == "image":
            index.story_images[job.record.id] = published
        else:
            largest = published.largest
            index.documents[job.record.id] = PublishedDocument(
                largest.path, largest.format, largest.size
            )
    for decision, path in pdfs:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        site_path = f"{MEDIA_FOLDER}/{decision.id}-{digest}.pdf"
        index.outputs[site_path] = path
        index.documents[decision.id] = PublishedDocument(site_path, "pdf", path.stat().st_size)
    index.made, index.reused = store.made, store.reused
    return index

"""Image pipeline benchmark: a 4000×3000 phone JPEG with GPS EXIF and an orientation tag.

Run: `python benchmarks/images.py [N]` (or `make bench-images`). Builds a copy of the sample
content where N exemplars have such a portrait, then times what the build does
(`exemplars.site.media.publish`): a cold run into an empty cache (cost per image) and a warm
rebuild (no image work: every image is a cache hit). Prints the published files and sizes.
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exemplars.site import media  # noqa: E402
from exemplars.site.build import Site  # noqa: E402

LIMIT = 400_000


def phone_photo(seed: int) -> bytes:
    """Photo-like pixels (gradients, shapes, sensor grain), stored sideways as phones do."""
    width, height = 4000, 3000
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(40):
        x, y = (seed * 97 + i * 211) % width, (seed * 53 + i * 137) % height
        colour = ((i * 40 + seed * 7) % 256, (i * 90) % 256, (i * 150 + seed) % 256)
        draw.ellipse((x, y, x + 400 + i * 7, y + 300 + i * 5), fill=colour)
    grain = Image.effect_noise((width, height), 24).convert("RGB")
    image = Image.blend(image, grain, 0.15)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x010F], exif[0x0110] = "PhoneMaker", "Model X"
    exif.get_ifd(0x8825).update({1: "N", 2: (21.0, 31.0, 12.5), 3: "E", 4: (107.0, 58.0, 1.0)})
    exif.get_ifd(0x8769)[0xA431] = f"SERIAL-{seed:06d}"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, exif=exif)
    return buffer.getvalue()


def content_with_portraits(folder: Path, count: int) -> list[int]:
    """The sample content, with a portrait on the first `count` exemplars."""
    shutil.copytree(ROOT / "content", folder)
    sizes = []
    for index, path in enumerate(sorted((folder / "exemplars").glob("*.md"))[:count]):
        data = phone_photo(index)
        sizes.append(len(data))
        (folder / "exemplars" / f"{path.stem}.jpg").write_bytes(data)
        text = path.read_text("utf-8")
        path.write_text(
            text.replace("---\n", f"---\nportrait: {path.stem}.jpg\nphoto_consent: true\n", 1),
            "utf-8",
        )
    return sizes


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary)
        sources = content_with_portraits(base / "content", count)
        site = Site(base / "content")
        cache = base / "cache"
        print(
            f"{count} ảnh nguồn 4000×3000 (GPS, số sê-ri, hướng xoay 6), "
            f"trung bình {sum(sources) / len(sources) / 1e6:.1f} MB"
        )
        start = time.perf_counter()
        cold = media.publish(site.catalog, site.root, cache)
        cold_seconds = time.perf_counter() - start
        start = time.perf_counter()
        warm = media.publish(site.catalog, site.root, cache)
        warm_seconds = time.perf_counter() - start
        assert not cold.problems and cold.made == count and warm.made == 0, (cold, warm)
        print(
            f"lần đầu (bộ nhớ đệm rỗng): {cold_seconds:.2f} s, "
            f"{cold_seconds / count:.2f} s mỗi ảnh ({media.os.cpu_count()} lõi)"
        )
        print(
            f"dựng lại (đệm nóng): {warm_seconds * 1000:.0f} ms, "
            f"{warm_seconds * 1000 / count:.1f} ms mỗi ảnh, {warm.made} ảnh xử lý lại"
        )
        first = next(iter(cold.portraits.values()))
        print("tệp công bố của một ảnh:")
        for variant in sorted(first.variants, key=lambda v: (v.format, v.width)):
            print(
                f"  {variant.format:4} {variant.width:5}×{variant.height:<5} "
                f"{variant.size / 1000:6.1f} KB"
            )
        sizes = [path.stat().st_size for path in cold.outputs.values()]
        leaks = [
            p
            for p in cold.outputs.values()
            if b"Exif" in p.read_bytes() or b"SERIAL-" in p.read_bytes()
        ]
        print(
            f"{len(sizes)} tệp, lớn nhất {max(sizes) / 1000:.1f} KB (giới hạn "
            f"{LIMIT / 1000:.0f} KB), tổng {sum(sizes) / 1e6:.2f} MB; "
            f"tệp còn siêu dữ liệu: {len(leaks)}"
        )
        return 0 if max(sizes) <= LIMIT and not leaks else 1


if __name__ == "__main__":
    sys.exit(main())

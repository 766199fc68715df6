"""What QR codes cost a build: 10,000 record addresses encoded cold, then read back warm.

    python benchmarks/qr_bench.py [N]

Cold is a first build (or a new site_url): segno encodes every code, choosing the best of
eight masks as the standard asks. Warm is every later build: the codes come from the cache
file, validated. Prints both, per code and in total, with the load average.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import segno

from exemplars.site.qr import ERROR_LEVEL, QrCodes

SITE_URL = "https://bangvang.example.vn/"
SERIAL_SAMPLE = 300


def main(count: int) -> None:
    urls = [f"{SITE_URL}exemplars/nguyen-van-an-{i:05d}/" for i in range(count)]
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "codes.json"
        sample = QrCodes()
        start = time.perf_counter()
        for url in urls[:SERIAL_SAMPLE]:
            sample.get(url)
        serial = (time.perf_counter() - start) / SERIAL_SAMPLE
        start = time.perf_counter()
        for url in urls[:SERIAL_SAMPLE]:
            segno.make_qr(url, error=ERROR_LEVEL)  # segno choosing the mask itself
        plain = (time.perf_counter() - start) / SERIAL_SAMPLE
        cold = QrCodes(cache)
        start = time.perf_counter()
        cold.prefill(urls)  # what a build does: on every core
        encoded = time.perf_counter() - start
        start = time.perf_counter()
        cold.save()
        saved = time.perf_counter() - start
        start = time.perf_counter()
        warm = QrCodes(cache)
        for url in urls:
            warm.get(url)
        reused = time.perf_counter() - start
        size = cache.stat().st_size
    assert warm.made == 0 and warm.reused == count
    print(f"{count} QR codes, load average {os.getloadavg()[0]:.1f}")
    print(
        f"  one core: {serial * 1000:.2f} ms a code; segno choosing the mask itself "
        f"{plain * 1000:.2f} ms ({SERIAL_SAMPLE} codes, side by side)"
    )
    print(f"  cold, every core (prefill): {encoded:.1f} s, {encoded / count * 1000:.2f} ms a code")
    print(f"  writing the cache: {saved:.2f} s, {size / 1e6:.1f} MB")
    print(f"  warm (read + validate): {reused:.2f} s, {reused / count * 1000:.3f} ms each")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)

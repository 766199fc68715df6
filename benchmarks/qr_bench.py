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

from exemplars.site.qr import QrCodes

SITE_URL = "https://bangvang.example.vn/"


def main(count: int) -> None:
    urls = [f"{SITE_URL}exemplars/nguyen-van-an-{i:05d}/" for i in range(count)]
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "codes.json"
        cold = QrCodes(cache)
        start = time.perf_counter()
        for url in urls:
            cold.get(url)
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
    print(f"  cold (encode): {encoded:.1f} s, {encoded / count * 1000:.2f} ms each")
    print(f"  writing the cache: {saved:.2f} s, {size / 1e6:.1f} MB")
    print(f"  warm (read + validate): {reused:.2f} s, {reused / count * 1000:.3f} ms each")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)

"""QR codes for paper: a record's or a board's permanent URL, drawn as inline SVG path data.

A QR code is the bridge from a printed board or citation back to the permanent record.
Encoding one with segno costs ~8 ms, almost all of it segno trying the eight mask patterns
(ISO/IEC 18004 asks for the one with the lowest penalty, and we keep that), so 10,000
records would add over a minute to every build. Codes are therefore made only when a page
that prints them is rendered, once per URL per build, and kept between builds in one JSON
file (`.cache/qr/codes.json`): a rebuild reads them back instead of encoding again.

The cache is data from outside the build, so it is validated before use: every entry must
be path data of the exact shape this module writes (`M<x> <y>.5h<n>` runs, nothing else can
reach the page), and carry the digest of its URL, size and path (a truncated, edited or
mixed-up entry fails it); anything else, or a file that does not parse, is ignored and the
code made anew. Reading 10,000 codes back this way takes well under a second.

A build that finds many codes missing (the first one, or a new `site_url`) encodes them on
every core before the pages render (`QrCodes.prefill`).

The template draws the `<svg>` around the path data; nothing here builds markup.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import re
import tempfile
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import segno

log = logging.getLogger(__name__)

CACHE_VERSION = 2
ERROR_LEVEL = "m"  # 15% of the symbol may be lost (a fold, a pin hole, a smudge)
QUIET_ZONE = 4  # modules of white around the symbol, as the standard asks
DEFAULT_CACHE = Path(".cache") / "qr" / "codes.json"
MAX_URL = 1000
PARALLEL_THRESHOLD = 400  # below this, starting worker processes costs more than it saves
_RUN = re.compile(r"M(\d{1,3}) (\d{1,3})\.5h(\d{1,3})")
_PATH = re.compile(rf"(?:{_RUN.pattern})+")


@dataclass(frozen=True)
class QrCode:
    """One symbol: `size` modules a side, dark modules as horizontal runs of path data."""

    url: str
    size: int
    path: str

    @property
    def view_box(self) -> str:
        """The symbol with its quiet zone, in module units."""
        side = self.size + 2 * QUIET_ZONE
        return f"-{QUIET_ZONE} -{QUIET_ZONE} {side} {side}"


def encode(url: str) -> QrCode:
    """The QR code of `url` (byte mode, level M, the best mask), as path data."""
    symbol = segno.make_qr(url, error=ERROR_LEVEL)
    runs: list[str] = []
    for y, row in enumerate(symbol.matrix):
        start = None
        for x, dark in enumerate((*row, 0)):
            if dark and start is None:
                start = x
            elif not dark and start is not None:
                runs.append(f"M{start} {y}.5h{x - start}")
                start = None
    return QrCode(url, symbol.symbol_size(border=0)[0], "".join(runs))


def valid_path(size: object, path: object) -> bool:
    """Path data as `encode` writes it, every run inside a `size`×`size` symbol."""
    if not isinstance(size, int) or isinstance(size, bool) or not 21 <= size <= 177:
        return False
    if not isinstance(path, str) or not _PATH.fullmatch(path):
        return False
    for match in _RUN.finditer(path):
        x, y, length = (int(g) for g in match.groups())
        if y >= size or length < 1 or x + length > size:
            return False
    return True


def digest(url: str, size: int, path: str) -> str:
    return hashlib.blake2b(f"{url}\n{size}\n{path}".encode(), digest_size=12).hexdigest()


def _stored_code(url: str, stored: object) -> QrCode | None:
    """A cache entry, if it is exactly what this module writes for `url`.

    The grammar keeps markup out of the page; the digest catches a damaged or mismatched
    entry (cheaper than re-checking every run against the symbol's size).
    """
    if not isinstance(stored, list) or len(stored) != 3:
        return None
    size, path, check = stored
    if not isinstance(size, int) or isinstance(size, bool) or not 21 <= size <= 177:
        return None
    if not isinstance(path, str) or not isinstance(check, str) or not _PATH.fullmatch(path):
        return None
    if check != digest(url, size, path):
        return None
    return QrCode(url, size, path)


def _encode_all(urls: list[str]) -> list[tuple[int, str]]:
    return [(code.size, code.path) for code in map(encode, urls)]


def _workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def cache_file(project_dir: Path, configured: str | None = None) -> Path:
    """EXEMPLARS_QR_CACHE, else `extra.bangvang.qr_cache`, else `.cache/qr/codes.json`."""
    chosen = os.environ.get("EXEMPLARS_QR_CACHE") or configured
    path = Path(chosen) if chosen else DEFAULT_CACHE
    return path if path.is_absolute() else Path(project_dir) / path


class QrCodes:
    """The QR codes of one build: made on first use, kept in memory and in the cache file."""

    def __init__(self, cache: Path | None = None):
        self.cache = cache
        self.made = 0
        self.reused = 0
        self.rejected = 0
        self._codes: dict[str, QrCode] = {}
        self._stored: dict[str, list] = self._read(cache) if cache else {}

    @staticmethod
    def _read(cache: Path) -> dict[str, list]:
        try:
            data = json.loads(cache.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError, ValueError) as error:
            log.warning(f"Bỏ qua bộ nhớ đệm mã QR hỏng {cache}: {error}")
            return {}
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return {}
        codes = data.get("codes")
        return codes if isinstance(codes, dict) else {}

    def get(self, url: str) -> QrCode:
        code = self._codes.get(url)
        if code is not None:
            return code
        if len(url) > MAX_URL:
            raise ValueError(f"địa chỉ dài quá {MAX_URL} ký tự, không in được thành mã QR")
        stored = self._stored.get(url)
        code = _stored_code(url, stored) if stored is not None else None
        if code is not None:
            self.reused += 1
        else:
            if stored is not None:
                self.rejected += 1
            code = encode(url)
            self.made += 1
        self._codes[url] = code
        return code

    def prefill(self, urls: list[str]) -> None:
        """Make the codes of `urls` the cache lacks, on every core when there are many.

        Worker processes are spawned, not forked: the build runs other threads by now.
        """
        missing = [u for u in dict.fromkeys(urls) if u not in self._codes and len(u) <= MAX_URL]
        missing = [u for u in missing if _stored_code(u, self._stored.get(u)) is None]
        workers = _workers()
        if len(missing) < PARALLEL_THRESHOLD or workers < 2:
            for url in missing:
                self.get(url)
            return
        # This process encodes its share while the others encode theirs.
        share = len(missing) // workers
        rest = missing[share:]
        size = -(-len(rest) // ((workers - 1) * 4))
        chunks = [rest[start : start + size] for start in range(0, len(rest), size)]
        try:
            with ProcessPoolExecutor(
                max_workers=workers - 1, mp_context=multiprocessing.get_context("spawn")
            ) as pool:
                theirs = pool.map(_encode_all, chunks)
                for url in missing[:share]:
                    self.get(url)
                for chunk, codes in zip(chunks, theirs, strict=True):
                    for url, (size_, path) in zip(chunk, codes, strict=True):
                        self._codes[url] = QrCode(url, size_, path)
                        self.made += 1
        except (OSError, BrokenProcessPool):  # no processes to be had: encode them here
            for url in missing:
                self.get(url)

    def save(self) -> None:
        """Write the codes this build used (and nothing stale) when any was made anew."""
        if self.cache is None or (not self.made and not self.rejected):
            return
        data = {
            "version": CACHE_VERSION,
            "codes": {
                url: [code.size, code.path, digest(url, code.size, code.path)]
                for url, code in sorted(self._codes.items())
            },
        }
        self.cache.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the cache and renamed over it: a build killed mid-write, or two
        # builds at once, never leave half a file.
        handle, temporary = tempfile.mkstemp(dir=self.cache.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, self.cache)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

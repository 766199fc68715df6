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

import functools
import hashlib
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import segno

from exemplars.machine import cores

log = logging.getLogger(__name__)

CACHE_VERSION = 2
ERROR_LEVEL = "m"  # 15% of the symbol may be lost (a fold, a pin hole, a smudge)
QUIET_ZONE = 4  # modules of white around the symbol, as the standard asks
DEFAULT_CACHE = Path(".cache") / "qr" / "codes.json"
MAX_URL = 1000
PARALLEL_THRESHOLD = 400  # below this, starting worker processes costs more than it saves
_RUN = re.compile(r"M(\d{1,3}) (\d{1,3})\.5h(\d{1,3})")
_PATH = re.compile(rf"(?:{_RUN.pattern})+")
_DARK = re.compile(rb"[^\x00]+")  # a run of dark modules in a row of the matrix


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
    """The QR code of `url` (byte mode, level M, the mask segno would choose), as path data."""
    matrix = _best_matrix(url)
    runs = [
        f"M{start} {y}.5h{end - start}"
        for y, row in enumerate(matrix)
        for start, end in map(re.Match.span, _DARK.finditer(row))
    ]
    return QrCode(url, len(matrix), "".join(runs))


# -- choosing the mask -------------------------------------------------------------------------
# segno places the message bit by bit, masks cell by cell and scores the eight masks cell by
# cell, in Python (~3 ms a code). Here segno makes the message (data and error correction
# codewords); the cells it fills are computed once per version, and the same scores (ISO/IEC
# 18004 7.8.3, as segno.encoder.evaluate_mask computes them) come from whole-symbol integer
# operations (~1 ms a code). A test checks that the symbol is segno's own, bit for bit, for
# many addresses (segno is pinned).


_BITS = bytes.maketrans(b"01", b"\x00\x01")
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def _message(url: str) -> tuple[int, int, bytes]:
    """segno's version, (boosted) error level and final message codewords for `url`: the
    steps of `segno.encoder.encode` and `_encode` up to `make_final_message`, with segno's own
    functions and arguments; the codewords are then interleaved as `make_final_message` does
    (data blocks, then error correction blocks, a codeword from each block in turn), one byte
    a bit. The remainder bits (all zero) are left to the placement."""
    from segno import consts, encoder

    segments = encoder.prepare_data(url, None, None)
    error = encoder.normalize_errorlevel(ERROR_LEVEL, accept_none=True)
    version = encoder.find_version(segments, error, eci=False, micro=False)
    error = encoder.boost_error_level(version, error, segments, False, is_sa=False)
    buff = encoder.Buffer()
    ver_range = encoder.version_range(version)
    for segment in segments:
        encoder.write_segment(buff, segment, None, ver_range, False)
    capacity = consts.SYMBOL_CAPACITY[version][error]  # type: ignore[index]
    encoder.write_terminator(buff, capacity, None, len(buff))
    encoder.write_padding_bits(buff, version, len(buff))
    encoder.write_pad_codewords(buff, version, capacity, len(buff))
    data_blocks, error_blocks = _blocks(consts.ECC[version][error], buff.getbits())  # type: ignore[index]
    codewords = bytearray()
    for blocks in (data_blocks, error_blocks):
        for position in range(max(map(len, blocks))):
            codewords.extend(block[position] for block in blocks if position < len(block))
    bits = format(int.from_bytes(codewords, "big"), f"0{8 * len(codewords)}b")
    return version, error, bits.encode("ascii").translate(_BITS)


def _blocks(ec_infos: Any, bits: bytearray) -> tuple[list[bytes], list[bytes]]:
    """`segno.encoder.make_blocks`: the data codewords (`bits`, one 0/1 byte a bit, padded
    with zero bits to whole bytes as segno's `Buffer.toints` does) cut into blocks, and each
    block's Reed–Solomon error correction codewords. segno divides codeword by codeword
    (~0.3 ms a code); here the remainder is one integer and each data codeword costs one
    shift and one table lookup (`_ecc_table`); the codewords are the same."""
    if len(bits) % 8:
        bits = bits + bytearray(8 - len(bits) % 8)
    size = len(bits) // 8
    codewords = int(bits.translate(_DIGITS), 2).to_bytes(size, "big") if size else b""
    data_blocks: list[bytes] = []
    error_blocks: list[bytes] = []
    start = 0
    for info in ec_infos:
        count = info.num_total - info.num_data
        table, shift, mask = _ecc_table(count), 8 * (count - 1), (1 << (8 * count)) - 1
        for _ in range(info.num_blocks):
            block = codewords[start : start + info.num_data]
            start += info.num_data
            remainder = 0
            for codeword in block:
                remainder = ((remainder << 8) & mask) ^ table[codeword ^ (remainder >> shift)]
            data_blocks.append(block)
            error_blocks.append(remainder.to_bytes(count, "big"))
    return data_blocks, error_blocks


@functools.cache
def _ecc_table(count: int) -> tuple[int, ...]:
    """For each leading coefficient, segno's generator polynomial of `count` error correction
    codewords (GF(256), its own log and exp tables) times it, as one `count`-byte integer."""
    from segno import consts

    generator, log, exp = consts.GEN_POLY[count], consts.GALIOS_LOG, consts.GALIOS_EXP
    table = [0]
    for coefficient in range(1, 256):
        product = bytes(exp[log[coefficient] + power] for power in generator)
        table.append(int.from_bytes(product, "big"))
    return tuple(table)


@functools.cache
def _placement(version: int) -> tuple[int, bytes, list[int]]:
    """segno's matrix of `version` before the codewords (function patterns set, 0x2 where
    data goes), its width, flattened, and the cells `add_codewords` fills, in its order."""
    from segno import encoder

    width = encoder.calc_matrix_size(version)
    matrix = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(matrix, width, width)
    encoder.add_alignment_patterns(matrix, width, width)
    order: list[int] = []
    for right in range(width - 1, 0, -2):  # add_codewords' walk, for a QR (not Micro) symbol
        if right <= 6:
            right -= 1
        for vertical in range(width):
            for z in range(2):
                j = right - z
                upwards = ((right & 2) == 0) ^ (j < 6)
                i = (width - 1 - vertical) if upwards else vertical
                if matrix[i][j] == 0x2:
                    order.append(i * width + j)
    return width, b"".join(bytes(row) for row in matrix), order


def _lines(value: int, width: int) -> list[bytes]:
    """The `width` lines of a padded symbol, one byte a cell."""
    data = value.to_bytes(width * (width + PAD), "big")
    stride = width + PAD
    return [data[start : start + width] for start in range(0, len(data), stride)]


def _padded(lines) -> int:  # noqa: ANN001  (an iterable of bytes-like lines)
    """Lines of cells as one integer, one byte a cell, PAD zero bytes after each line."""
    return int.from_bytes(b"".join(bytes(line) + _GAP for line in lines), "big")


def _transpose(flat: bytes | bytearray, width: int) -> int:
    """The columns of a `width`×`width` symbol given row after row, padded."""
    return _padded(flat[j::width] for j in range(width))


def _unmasked(url: str) -> tuple[int, int, int, int, int] | None:
    """The symbol as segno scores it (data unmasked, format and version areas zero) as padded
    rows and columns, with its width, version and error level: segno's message placed in the
    cells `add_codewords` fills, in its order. None if the message does not fill them (never
    for a QR symbol; segno itself makes the symbol then)."""
    version, error, bits = _message(url)
    width, base, order = _placement(version)
    if not 0 <= len(order) - len(bits) < 8:
        return None
    bits += bytes(len(order) - len(bits))  # the remainder bits: zero
    flat = bytearray(base)
    for cell, bit in zip(order, bits, strict=True):
        flat[cell] = bit
    rows = _padded(flat[i : i + width] for i in range(0, len(flat), width))
    return rows, _transpose(flat, width), width, version, error


def _best_matrix(url: str) -> tuple[bytearray, ...]:
    """segno's symbol for `url`, its mask chosen here: the unmasked symbol is laid out once,
    scored under each mask, and the best one's format information written the way segno
    writes it (`add_format_info`, `add_version_info`)."""
    from segno import encoder

    laid_out = _unmasked(url)
    if laid_out is None:
        return tuple(segno.make_qr(url, error=ERROR_LEVEL).matrix)
    rows, columns, width, version, error = laid_out
    patterns, column_patterns = _layout(width)
    best, best_score = 0, None
    for mask in range(len(patterns)):
        score = _penalty(rows ^ patterns[mask], columns ^ column_patterns[mask], width)
        if best_score is None or score < best_score:
            best, best_score = mask, score
    matrix = tuple(bytearray(line) for line in _lines(rows ^ patterns[best], width))
    encoder.add_format_info(matrix, version, error, best)
    encoder.add_version_info(matrix, version)
    return matrix


@functools.cache
def _layout(width: int) -> tuple[list[int], list[int]]:
    """Each mask's cells (data region only) as padded rows and as padded columns."""
    from segno import encoder

    function = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(function, width, width)
    encoder.add_alignment_patterns(function, width, width)
    function[-8][8] = 0x1
    region = [[cell > 0x1 for cell in row] for row in function]
    patterns, columns = [], []
    for fn in encoder.get_data_mask_functions(False):
        flat = bytes(region[i][j] and bool(fn(i, j)) for i in range(width) for j in range(width))
        patterns.append(_padded(flat[i : i + width] for i in range(0, len(flat), width)))
        columns.append(_transpose(flat, width))
    return patterns, columns


# -- the penalty (ISO/IEC 18004 7.8.3, as segno.encoder.evaluate_mask computes it) ---------------
# A symbol is one integer, one byte a cell, line after line, each line followed by PAD zero
# bytes: whole-symbol bit operations then score every line at once, and neither a run, a
# 2×2 block nor a finder-like pattern (whose light margins are up to 4 cells) can cross
# from one line into the next. A test checks the symbols are segno's own, bit for bit.

PAD = 4
_GAP = bytes(PAD)
_N3 = b"\x01\x00\x01\x01\x01\x00\x01"


@functools.cache
def _line_masks(width: int) -> tuple[int, int]:
    """Every cell but a line's first (it has no cell before it), over all lines and over
    all lines but the last (2×2 blocks: a row and the one below it)."""
    stride = width + PAD
    line = int.from_bytes(b"\x01" * (width - 1), "big") << (8 * PAD)
    every = sum(line << (8 * stride * k) for k in range(width))
    return every, every >> (8 * stride)


def _penalty(rows: int, columns: int, width: int) -> int:
    """segno's N1 + N2 + N3 + N4 for a masked symbol given as padded rows and columns."""
    pairs, block_pairs = _line_masks(width)
    n1 = 0
    for lines in (rows, columns):
        # same[j]: cell j equals the one before; a run of L equal cells is L-1 ones in
        # `same`, and scores L-2 from L=5 on: per run of k>=4 ones, (k-3) quadruples + 2.
        same = ~(lines ^ (lines >> 8)) & pairs
        quads = same & (same >> 8) & (same >> 16) & (same >> 24)
        n1 += quads.bit_count() + 2 * (quads & ~(quads >> 8)).bit_count()
    stride = 8 * (width + PAD)
    above, below = rows >> stride, rows & ((1 << stride * (width - 1)) - 1)
    block = ~(above ^ below) & ~(below ^ (below >> 8)) & ~(above ^ (above >> 8)) & block_pairs
    n2 = 3 * block.bit_count()
    size = width * (width + PAD)
    n3 = _n3_occurrences(rows.to_bytes(size, "big")) + _n3_occurrences(
        columns.to_bytes(size, "big")
    )
    dark = rows.bit_count()
    n4 = 10 * int(abs(dark / width**2 * 100 - 50) / 5)
    return n1 + n2 + n3 + n4


def _n3_occurrences(seq: bytes) -> int:
    """segno's N3 over padded lines, step for step (a pattern at a line's edge has the
    padding as its light margin, as segno counts it)."""
    count = 0
    index = seq.find(_N3)
    while index != -1:
        offset = index + 7
        if not any(seq[max(index - 4, 0) : index]) or not any(seq[offset : offset + 4]):
            count += 40
        else:
            offset = index + 4
        index = seq.find(_N3, offset)
    return count


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


def _shaped(size: object, path: object) -> bool:
    """The one shape of path data `encode` writes: nothing else can reach a page."""
    if not isinstance(size, int) or isinstance(size, bool) or not 21 <= size <= 177:
        return False
    return isinstance(path, str) and _PATH.fullmatch(path) is not None


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
    if not _shaped(size, path) or not isinstance(check, str):
        return None
    if check != digest(url, size, path):
        return None
    return QrCode(url, size, path)


def _worker_output(
    process: subprocess.Popen | None, target: Path, count: int
) -> list[tuple[int, str]]:
    """A worker's codes, if it finished and wrote exactly what `encode` writes."""
    if process is None or process.wait() != 0:
        return []
    try:
        made = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(made, list) or len(made) != count:
        return []
    if not all(isinstance(c, list) and len(c) == 2 and _shaped(*c) for c in made):
        return []
    return [(size, path) for size, path in made]


def main(argv: list[str]) -> int:
    """Worker: `python -m exemplars.site.qr URLS.json OUT.json` encodes a list of addresses."""
    urls = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    codes = [[code.size, code.path] for code in map(encode, urls)]
    Path(argv[1]).write_text(json.dumps(codes), encoding="utf-8")
    return 0


_workers = cores  # how many processes encode the missing codes (tests set it)


def _stamp(path: Path | None) -> tuple[int, int, int] | None:
    """Size, modification time and inode of the cache file: another file is read again."""
    try:
        st = os.stat(path) if path else None
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino) if st else None


def cache_file(project_dir: Path, configured: str | None = None) -> Path:
    """EXEMPLARS_QR_CACHE, else `extra.bangvang.qr_cache`, else `.cache/qr/codes.json`."""
    chosen = os.environ.get("EXEMPLARS_QR_CACHE") or configured
    path = Path(chosen) if chosen else DEFAULT_CACHE
    return path if path.is_absolute() else Path(project_dir) / path


@dataclass(frozen=True)
class CodesUsed:
    """A forked copy's codes: those it made (url → size, path data), the urls it read from
    the cache, and how many cache entries it found invalid."""

    made: dict[str, tuple[int, str]]
    reused: list[str]
    rejected: int


class QrCodes:
    """The QR codes of one build: made on first use, kept in memory and in the cache file."""

    def __init__(self, cache: Path | None = None, previous: QrCodes | None = None):
        """`previous`: the codes of a running preview's last build; while the cache file is
        the one they read, its entries are not read and checked again."""
        self.cache = cache
        self.made = 0
        self.reused = 0
        self.rejected = 0
        self._codes: dict[str, QrCode] = {}
        self._stamp = _stamp(cache)
        self._stored: dict[str, list] = {}
        self._checked: dict[str, QrCode] = {}  # url → its stored entry, found to be valid
        self._inherited: frozenset[str] = frozenset()  # a forked copy's codes at the fork
        # Every address the site prints (`prefill`): a preview's build uses only the codes of
        # the pages it renders, and the file keeps the others' too.
        self._targets: list[str] = []
        self._inherited_rejected = 0
        if previous is not None and previous.cache == cache and previous._stamp == self._stamp:
            self._stored, self._checked = previous._stored, previous._checked
        elif cache:
            self._stored = self._read(cache)

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
        code = self._checked_code(url)
        if code is not None:
            self.reused += 1
        else:
            if stored is not None:
                self.rejected += 1
            code = encode(url)
            self.made += 1
        self._codes[url] = code
        return code

    def _checked_code(self, url: str) -> QrCode | None:
        """The cache's code for `url` if its entry is valid, each entry checked once."""
        code = self._checked.get(url)
        if code is None:
            code = _stored_code(url, self._stored.get(url))
            if code is not None:
                self._checked[url] = code
        return code

    def prefill(self, urls: list[str]) -> None:
        """Make the codes of `urls` the cache lacks, on every core when there are many.

        The other cores run `python -m exemplars.site.qr` on a file of addresses: a fresh
        interpreter, so neither forking a process that runs threads (the search indexer)
        nor re-importing whatever script started the build. Their output is checked like
        the cache; what they fail to make is made here.
        """
        self._targets = list(dict.fromkeys(urls))
        missing = [u for u in self._targets if u not in self._codes and len(u) <= MAX_URL]
        missing = [u for u in missing if self._checked_code(u) is None]
        workers = _workers()
        if len(missing) < PARALLEL_THRESHOLD or workers < 2:
            for url in missing:
                self.get(url)
            return
        share = len(missing) // workers  # this process's share, made while the others work
        rest = missing[share:]
        size = -(-len(rest) // (workers - 1))
        chunks = [rest[start : start + size] for start in range(0, len(rest), size)]
        with tempfile.TemporaryDirectory(prefix="bangvang-qr-") as folder:
            running = []
            for number, chunk in enumerate(chunks):
                source, target = Path(folder, f"{number}.in"), Path(folder, f"{number}.out")
                source.write_text(json.dumps(chunk), encoding="utf-8")
                try:
                    process = subprocess.Popen(
                        [sys.executable, "-m", "exemplars.site.qr", str(source), str(target)],
                        stdin=subprocess.DEVNULL,
                        stdout=subprocess.DEVNULL,
                    )
                except OSError:
                    process = None
                running.append((chunk, process, target))
            for url in missing[:share]:
                self.get(url)
            for chunk, process, target in running:
                made = _worker_output(process, target, len(chunk))
                for url, (size_, path) in zip(chunk, made or [], strict=False):
                    self._codes[url] = QrCode(url, size_, path)
                    self.made += 1
                for url in chunk[len(made or []) :]:
                    self.get(url)

    def forked(self) -> None:
        """Called in a forked copy of the build: `share` then reports only the codes the copy
        itself comes to use, not the ones it started with."""
        self._inherited = frozenset(self._codes)
        self._inherited_rejected = self.rejected

    def share(self) -> CodesUsed:
        """The codes a forked copy used that it did not start with, for the build's `absorb`."""
        made: dict[str, tuple[int, str]] = {}
        reused: list[str] = []
        for url, code in self._codes.items():
            if url in self._inherited:
                continue
            if self._checked.get(url) is code:
                reused.append(url)
            else:
                made[url] = (code.size, code.path)
        return CodesUsed(made, reused, self.rejected - self._inherited_rejected)

    def absorb(self, used: CodesUsed) -> None:
        """The codes a forked copy made or read back join this build's, so `save` keeps them;
        the counts stay counts of addresses (a code both processes used counts once)."""
        for url, (size, path) in used.made.items():
            if url not in self._codes:
                self._codes[url] = QrCode(url, size, path)
                self.made += 1
        for url in used.reused:
            if url not in self._codes and (code := self._checked_code(url)) is not None:
                self._codes[url] = code
                self.reused += 1
        self.rejected += used.rejected

    def save(self) -> None:
        """Write the codes of every address the site prints and of those this build used
        (nothing stale) when any was made anew.

        A preview's build renders a few pages: the file written from its codes alone lost
        12,000 others, which its next build made again (7 s at 10,000 records). `prefill`
        checked the others: they are kept as they were read.
        """
        if self.cache is None or (not self.made and not self.rejected):
            return
        valid = {url: self._checked[url] for url in self._targets if url in self._checked}
        valid.update(self._codes)
        codes: dict[str, list] = {
            url: [code.size, code.path, digest(url, code.size, code.path)]
            for url, code in sorted(valid.items())
        }
        data = {"version": CACHE_VERSION, "codes": codes}
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
        # The file now holds these codes, each valid: a preview's next build takes them from
        # here (QrCodes(previous=…)) instead of reading and checking 12,000 entries again.
        self._stored = codes
        self._checked = valid
        self._stamp = _stamp(self.cache)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

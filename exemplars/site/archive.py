"""`make dist`: the built site as a dated, reproducible .tar.gz with a SHA-256 file.

Reproducible means the same site folder gives the same bytes: names sorted, every entry
owned by 0:0 with no user names, fixed modes, and every time stamp (tar entries and the
gzip header) set to SOURCE_DATE_EPOCH. An archivist can check a copy with `sha256sum -c`.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import os
import sys
import tarfile
from datetime import UTC, datetime
from pathlib import Path

PREFIX = "bangvang-site"


def epoch_from_environment() -> int:
    """SOURCE_DATE_EPOCH, else the start of today (UTC): one archive name per day."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value:
        return int(value)
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return int(today.timestamp())


def archive_name(epoch: int) -> str:
    day = datetime.fromtimestamp(epoch, tz=UTC).date().isoformat()
    return f"{PREFIX}-{day}"


def _entry(name: str, epoch: int, *, directory: bool, size: int = 0) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = tarfile.DIRTYPE if directory else tarfile.REGTYPE
    info.mode = 0o755 if directory else 0o644
    info.size = size
    info.mtime = epoch
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def tar_bytes(site: Path, epoch: int, top: str) -> bytes:
    """An uncompressed tar of `site` under the folder `top`, every entry normalised."""
    buffer = io.BytesIO()
    paths = sorted(site.rglob("*"), key=lambda p: p.relative_to(site).as_posix())
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        tar.addfile(_entry(top, epoch, directory=True))
        for path in paths:
            name = f"{top}/{path.relative_to(site).as_posix()}"
            if path.is_symlink():
                raise ValueError(f"{path}: liên kết tượng trưng không được đưa vào bản lưu")
            if path.is_dir():
                tar.addfile(_entry(name, epoch, directory=True))
            else:
                data = path.read_bytes()
                tar.addfile(_entry(name, epoch, directory=False, size=len(data)), io.BytesIO(data))
    return buffer.getvalue()


def gzip_bytes(data: bytes, epoch: int) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(
        filename="", mode="wb", fileobj=buffer, mtime=epoch, compresslevel=9
    ) as stream:
        stream.write(data)
    return buffer.getvalue()


def make_dist(site: Path, dist: Path, epoch: int) -> tuple[Path, Path]:
    """Write `<dist>/bangvang-site-YYYY-MM-DD.tar.gz` and its `.sha256`; return both paths."""
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site}: chưa có trang đã dựng (chạy `make build` trước)")
    name = archive_name(epoch)
    data = gzip_bytes(tar_bytes(site, epoch, name), epoch)
    dist.mkdir(parents=True, exist_ok=True)
    archive = dist / f"{name}.tar.gz"
    archive.write_bytes(data)
    checksum = dist / f"{name}.tar.gz.sha256"
    checksum.write_text(f"{hashlib.sha256(data).hexdigest()}  {archive.name}\n", encoding="utf-8")
    return archive, checksum


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m exemplars.site.archive",
        description="Đóng gói trang đã dựng thành tệp .tar.gz có ngày và tệp kiểm tra SHA-256.",
    )
    parser.add_argument("site", nargs="?", default="site", help="thư mục trang đã dựng")
    parser.add_argument("dist", nargs="?", default="dist", help="thư mục ghi bản lưu")
    args = parser.parse_args(argv)
    try:
        archive, checksum = make_dist(Path(args.site), Path(args.dist), epoch_from_environment())
    except (FileNotFoundError, ValueError) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Đã ghi {archive} và {checksum}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

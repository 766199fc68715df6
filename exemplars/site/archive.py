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


def _members(site: Path, extras: dict[str, Path | bytes]) -> list[tuple[str, Path | bytes]]:
    """Archive-relative name → file, folder or bytes: the site, then the extras, sorted."""
    members: list[tuple[str, Path | bytes]] = [
        (path.relative_to(site).as_posix(), path) for path in site.rglob("*")
    ]
    for name, source in extras.items():
        if name in {relative for relative, _ in members}:
            raise ValueError(f"{name}: trùng tên với một tệp của trang đã dựng")
        members.append((name, source))
        if isinstance(source, Path) and source.is_dir():
            members += [
                (f"{name}/{path.relative_to(source).as_posix()}", path)
                for path in source.rglob("*")
            ]
    return sorted(members, key=lambda member: member[0])


def tar_bytes(
    site: Path, epoch: int, top: str, extras: dict[str, Path | bytes] | None = None
) -> bytes:
    """An uncompressed tar of `site` (and `extras`) under the folder `top`, entries normalised."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        tar.addfile(_entry(top, epoch, directory=True))
        for relative, source in _members(site, extras or {}):
            name = f"{top}/{relative}"
            if isinstance(source, bytes):
                data = source
            elif source.is_symlink():
                raise ValueError(f"{source}: liên kết tượng trưng không được đưa vào bản lưu")
            elif source.is_dir():
                tar.addfile(_entry(name, epoch, directory=True))
                continue
            else:
                data = source.read_bytes()
            tar.addfile(_entry(name, epoch, directory=False, size=len(data)), io.BytesIO(data))
    return buffer.getvalue()


def gzip_bytes(data: bytes, epoch: int) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(
        filename="", mode="wb", fileobj=buffer, mtime=epoch, compresslevel=9
    ) as stream:
        stream.write(data)
    return buffer.getvalue()


def make_dist(
    site: Path, dist: Path, epoch: int, extras: dict[str, Path | bytes] | None = None
) -> tuple[Path, Path]:
    """Write `<dist>/bangvang-site-YYYY-MM-DD.tar.gz` and its `.sha256`; return both paths.

    `extras` go into the archive next to the site's files: `make dist` adds the generated
    tree the site was built from (`generated/`) and `BUILD.json` (engine and versions).
    """
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site}: chưa có trang đã dựng (chạy `make build` trước)")
    name = archive_name(epoch)
    data = gzip_bytes(tar_bytes(site, epoch, name, extras), epoch)
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
    parser.add_argument(
        "--extra",
        action="append",
        default=[],
        metavar="THƯ_MỤC",
        help="đưa thêm một thư mục vào bản lưu, cạnh các tệp của trang (ví dụ: generated)",
    )
    args = parser.parse_args(argv)
    extras: dict[str, Path | bytes] = {Path(extra).name: Path(extra) for extra in args.extra}
    try:
        for extra in extras.values():
            if not isinstance(extra, Path) or not extra.is_dir():
                raise FileNotFoundError(f"{extra!s}: không tìm thấy thư mục")
        archive, checksum = make_dist(
            Path(args.site), Path(args.dist), epoch_from_environment(), extras
        )
    except (FileNotFoundError, ValueError) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Đã ghi {archive} và {checksum}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

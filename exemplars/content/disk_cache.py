"""The files `exemplars check` read last time, kept on disk so the next check reads only
what changed (as ruff and mypy keep theirs).

Editors run the check after every change; at 10,000 records most of its time is reading
and validating files that did not change. The in-memory `FileCache` of `mkdocs serve` is
written to `.cache/check/` beside the content folder (or `EXEMPLARS_CHECK_CACHE`) and read
back by the next check. What makes that safe:

- **Which cache.** One folder per content folder, working folder (messages show paths
  from it), engine (the package's own files) and library versions: a change to any of them
  is another folder, and nothing stale is read. The newest `KEEP` folders are kept, no
  more. A folder holds `SHARDS` files, by path: a check after one change rewrites one.
- **Which entries.** A file is reused only when its size, times and inode are those it had
  when read. A file changed twice within the file system's clock tick would look unchanged,
  so a file modified less than `RACY_SECONDS` before the check began is not kept (it is read
  again next time), as git does with its index.
- **Whose cache.** Unpickling runs whatever the file says, so a file or folder that is not
  the user's own, or that others may write, is neither read nor written.
- **Never in the way.** A cache that cannot be read, written or understood is a cache not
  there: the check reads every file, as it always could.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import stat
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from exemplars.content.load import FileCache, SavedFile

ENVIRONMENT = "EXEMPLARS_CHECK_CACHE"  # a folder for the caches; "off" keeps none
DEFAULT_FOLDER = Path(".cache") / "check"
KEEP = 8  # caches kept: one per content folder checked lately
SHARDS = 64  # a cache is this many files: a change rewrites the one holding its file
RACY_SECONDS = 2
FORMAT = 1
_LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "Markdown", "nh3", "pymdown-extensions")
_SUFFIX = ".pickle"


def folder_for(root: Path) -> Path | None:
    """Where the caches of `root` go: `EXEMPLARS_CHECK_CACHE`, else `.cache/check/` in the
    folder that holds the content folder (the project); None when turned off."""
    chosen = os.environ.get(ENVIRONMENT, "")
    if chosen.lower() in {"off", "0", "no"}:
        return None
    if chosen:
        return Path(chosen)
    return Path(os.path.realpath(root)).parent / DEFAULT_FOLDER


@contextmanager
def kept_between_checks(root: Path, folder: Path | None) -> Iterator[FileCache | None]:
    """A `FileCache` read from `folder` (empty when there is none to trust); when the check
    that used it ends normally, the parts holding files it read or forgot are written back.
    None: no cache."""
    if folder is None:
        yield None
        return
    started = time.time_ns()
    place = folder / _key(root)
    cache = FileCache()
    for shard in range(SHARDS):
        for path, saved in _read(place / f"{shard:02x}{_SUFFIX}").items():
            cache.restore(path, saved)
    yield cache
    if cache.touched:
        _write(place, cache, started)


def _shard(path: Path) -> int:
    return zlib.crc32(os.fsencode(path)) % SHARDS


def _key(root: Path) -> str:
    """Names one cache: the content folder as given and resolved, the working folder, the
    engine and its libraries (each changes what a file reads as, or how its path shows)."""
    parts = [
        str(FORMAT),
        os.fspath(root),
        os.path.realpath(root),
        os.path.realpath(os.getcwd()),
        _engine(),
    ]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:32]


@lru_cache(maxsize=1)
def _engine() -> str:
    """A digest of the package's own files, Python and the libraries a file's reading uses."""
    digest = hashlib.sha256(sys.version.encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-".encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".yml", ".yaml", ".json"} and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _racy(key: tuple[int, int, int, int], started: int) -> bool:
    """A file modified so close to the check's start that another change within the same
    clock tick would not show in its times (git's "racily clean" test, on the same time)."""
    return key[1] >= started - RACY_SECONDS * 1_000_000_000


def _ours(st: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else (unpickling trusts the writer)."""
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(path: Path) -> dict[Path, SavedFile]:
    """One part of a cache: path → what the cache held of it ({} when not to be trusted)."""
    try:
        folder = os.stat(path.parent)
        with open(path, "rb") as file:
            if not (_ours(folder) and _ours(os.fstat(file.fileno()))):
                return {}
            header, files = pickle.load(file)  # noqa: S301  (our own file, checked above)
    except Exception:  # noqa: BLE001  (missing, partial, from another version: none there)
        return {}
    if header != (FORMAT, _engine()) or not isinstance(files, dict):
        return {}
    return files


def _write(place: Path, cache: FileCache, started: int) -> None:
    """Write the parts of `cache` that changed, each whole or not at all (a new file renamed
    over the old), then prune. Files too recently changed are left out (`RACY_SECONDS`)."""
    shards: dict[int, dict[Path, SavedFile]] = {_shard(path): {} for path in cache.touched}
    for path in cache.paths():
        files = shards.get(_shard(path))
        saved = cache.saved(path)
        if files is not None and saved is not None and not _racy(saved[0], started):
            files[path] = saved
    try:
        # The caches' folder private too, whatever the umask (with 002, `parents=True`
        # would make it group-writable, and it would never be trusted).
        place.parent.parent.mkdir(parents=True, exist_ok=True)
        place.parent.mkdir(mode=0o700, exist_ok=True)
        place.mkdir(mode=0o700, exist_ok=True)
        if not (_ours(os.stat(place.parent)) and _ours(os.stat(place))):
            return
        for shard, files in shards.items():
            _replace(place / f"{shard:02x}{_SUFFIX}", files)
        os.utime(place)  # the newest caches are the ones kept
        _prune(place.parent)
    except (OSError, pickle.PicklingError, RecursionError):
        return  # no cache this time; the check's answer stands


def _replace(path: Path, files: dict[Path, SavedFile]) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".writing-")
    try:
        with os.fdopen(handle, "wb") as file:
            pickle.dump(((FORMAT, _engine()), files), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _prune(folder: Path) -> None:
    """Keep the `KEEP` caches most recently written (a folder each)."""
    caches = []
    for entry in os.scandir(folder):
        if len(entry.name) == 32 and entry.is_dir(follow_symlinks=False):
            caches.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
    for _, stale in sorted(caches, reverse=True)[KEEP:]:
        shutil.rmtree(stale, ignore_errors=True)

"""All-or-nothing writes into a content folder: a lock, a staging area and a journal.

Tools that add several files at once (`exemplars import`, `exemplars new`) must never leave
a half-written set nor a temporary file in `content/`, even when killed (kill -9, power cut):

1. `ContentLock` holds an exclusive lock on the folder for the whole run (read, check,
   write), so two runs never plan against the same state. The kernel drops the lock when
   the process dies, so a killed run never leaves a stale lock.
2. `commit` writes every new file into a staging folder beside `content/` (never inside
   it: MkDocs and the checks never see it), then writes a journal naming them, then links
   each staged file to its place without ever replacing an existing file.
3. Once the journal exists the change is decided: the next run (`recover`, called by every
   writer before it starts) finishes it, or undoes it if a file it would create now holds
   something else. Without a journal, the staged files are simply removed. `pending` is
   what `exemplars check` reports while a journal is waiting.

The staging folder is `<parent>/.<name>.import/` for a content folder `<parent>/<name>`.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from exemplars.progress import Progress, silent

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
try:
    import msvcrt
except ImportError:
    msvcrt = None  # type: ignore[assignment]


def _try_lock(handle: int) -> None:
    """Take the folder's lock without waiting, or raise BlockingIOError."""
    if fcntl is not None:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    elif msvcrt is not None:  # pragma: no cover - Windows: a byte-range lock, same effect
        try:
            os.lseek(handle, 0, os.SEEK_SET)
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            raise BlockingIOError from None
    else:  # pragma: no cover
        raise RuntimeError("no file locking on this system")


JOURNAL = "journal.json"
LOCK = "lock"
STAGED = "staged"
# What `commit` tells its progress: files written beside the journal, then put in place.
STAGE_STAGED = "Ghi tệp tạm"
STAGE_PLACED = "Ghi tệp"
WAIT_SECONDS = 60.0
PAUSE_ENV = "EXEMPLARS_IMPORT_PAUSE"  # a test hook: stop (and wait to be killed) at a stage
ABORT_ENV = "EXEMPLARS_IMPORT_ABORT"  # a test hook: kill -9 itself at a stage
WAIT_ENV = "EXEMPLARS_IMPORT_WAIT"


class JournalError(Exception):
    """The folder cannot be written now; `messages` say why, in Vietnamese."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def work_dir(root: Path) -> Path:
    """The staging folder of content folder `root`: beside it, hidden, never published."""
    resolved = root.resolve()
    return resolved.parent / f".{resolved.name}.import"


def stage_reached(stage: str) -> None:
    """Test hook: `EXEMPLARS_IMPORT_PAUSE=<stage>` waits here (to be killed; for
    `EXEMPLARS_IMPORT_PAUSE_SECONDS`, default 600), and `EXEMPLARS_IMPORT_ABORT=<stage>` kills
    the process here, as kill -9 would. Stages, in order: read (the sheet is read), check
    (the plan is checked), stage (files staged), journal (journal written), commit (half the
    files in place), done (all in place, journal not yet removed)."""
    if os.environ.get(ABORT_ENV) == stage:
        os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get(PAUSE_ENV) == stage:
        print(f"tạm dừng ở bước {stage}", file=sys.stderr, flush=True)
        time.sleep(float(os.environ.get(PAUSE_ENV + "_SECONDS", "600")))


# -- the lock --------------------------------------------------------------------------


class ContentLock:
    """An exclusive lock on one content folder; waits up to `wait` seconds for another run."""

    def __init__(self, root: Path, wait: float | None = None):
        self.root = root
        self.dir = work_dir(root)
        if wait is None:
            wait = float(os.environ.get(WAIT_ENV, WAIT_SECONDS))
        self.wait = wait
        self._handle: int | None = None

    def __enter__(self) -> ContentLock:
        self.dir.mkdir(exist_ok=True)
        handle = os.open(self.dir / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.wait
        while True:
            try:
                _try_lock(handle)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_holder(self.dir / LOCK)
                    os.close(handle)
                    raise JournalError(
                        [
                            f"{self.root}: một lần nhập hoặc ghi khác đang chạy trên thư mục nội "
                            f"dung này ({holder or 'không rõ tiến trình'}); hãy chờ nó xong rồi "
                            f"chạy lại lệnh"
                        ]
                    ) from None
                time.sleep(0.1)
        started = datetime.now().strftime("%H:%M:%S %d/%m/%Y")
        holder_file = self.dir / f"{LOCK}.holder"
        holder_file.write_text(f"tiến trình {os.getpid()}, bắt đầu lúc {started}", encoding="utf-8")
        self._handle = handle
        return self

    def __exit__(self, *exc: object) -> None:
        if self._handle is not None:
            (self.dir / f"{LOCK}.holder").unlink(missing_ok=True)
            os.close(self._handle)  # closing releases the lock
            self._handle = None


def _read_holder(lock: Path) -> str:
    """Who holds the lock, as that run wrote it (it may be gone already)."""
    try:
        return lock.with_name(f"{LOCK}.holder").read_text(encoding="utf-8").strip()
    except OSError:
        return ""


# -- staging, journal, commit ----------------------------------------------------------


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fsync_dir(path: Path) -> None:
    try:
        handle = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


@dataclass
class Entry:
    target: str  # relative to the content folder, POSIX
    staged: str  # relative to the staging folder
    sha256: str


def _place(staged: Path, target: Path) -> bool:
    """Put `staged` at `target` without replacing anything; False if `target` exists.

    A hard link is atomic and never clobbers; where links are impossible (another file
    system), the file is created exclusively and written (`recover` knows a cut-short copy).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(staged, target)
        return True
    except FileExistsError:
        return False
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EMLINK):
            raise
    try:
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(handle, "wb") as stream:
        stream.write(staged.read_bytes())
        stream.flush()
        os.fsync(stream.fileno())
    return True


def _state_of(target: Path, staged: Path, sha256: str) -> str:
    """ "missing", "ours" (our bytes, or a cut-short copy of them) or "other"."""
    try:
        current = target.read_bytes()
    except FileNotFoundError:
        return "missing"
    if _digest(current) == sha256:
        return "ours"
    if staged.exists() and staged.read_bytes().startswith(current):
        return "ours-partial"
    return "other"


def _read_journal(folder: Path) -> tuple[str, list[Entry]] | None:
    path = folder / JOURNAL
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = [Entry(**item) for item in data["files"]]
        return str(data.get("id", "")), entries
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        # A journal is written whole and renamed into place, so a broken one was edited by
        # hand: nothing can be finished from it.
        raise JournalError(
            [
                f"{path}: nhật ký nhập bị hỏng; hãy xem các tệp trong {folder / STAGED}, rồi xóa "
                f"thư mục {folder} và chạy lại lệnh"
            ]
        ) from None


def _finish(root: Path, folder: Path, entries: list[Entry]) -> list[str]:
    """Roll the journal forward; on a conflict, undo it. Returns messages for the conflict."""
    conflicts = []
    for entry in entries:
        target, staged = root / entry.target, folder / STAGED / entry.staged
        state = _state_of(target, staged, entry.sha256)
        if state == "other" or (state == "missing" and not staged.exists()):
            conflicts.append(entry.target)
    if conflicts:
        for entry in entries:
            target, staged = root / entry.target, folder / STAGED / entry.staged
            if _state_of(target, staged, entry.sha256) in ("ours", "ours-partial"):
                target.unlink()
        return [
            f"{root / name}: tệp này đã có nội dung khác trong lúc nhập; lần nhập đã được hoàn "
            f"tác, hãy chạy lại"
            for name in conflicts
        ]
    for entry in entries:
        target, staged = root / entry.target, folder / STAGED / entry.staged
        state = _state_of(target, staged, entry.sha256)
        if state == "ours-partial":
            target.unlink()
            state = "missing"
        if state == "missing":
            _place(staged, target)
    for parent in {(root / entry.target).parent for entry in entries}:
        _fsync_dir(parent)
    return []


def _clear(folder: Path) -> None:
    """Drop the journal first (the decision), then the staged files."""
    journal = folder / JOURNAL
    if journal.exists():
        journal.unlink()
        _fsync_dir(folder)
    shutil.rmtree(folder / STAGED, ignore_errors=True)
    for leftover in folder.glob(f"{JOURNAL}.*"):
        leftover.unlink()


def recover(root: Path) -> str | None:
    """Finish (or undo) what a killed run left; call with the lock held. Says what it did."""
    folder = work_dir(root)
    if not folder.is_dir():
        return None
    journal = _read_journal(folder)
    if journal is None:
        had_staged = (folder / STAGED).exists() and any((folder / STAGED).iterdir())
        _clear(folder)
        if had_staged:
            return (
                "Lần ghi trước bị dừng trước khi ghi vào thư mục nội dung: đã bỏ các tệp "
                "chuẩn bị dở, nội dung không đổi."
            )
        return None
    _, entries = journal
    conflicts = _finish(root, folder, entries)
    _clear(folder)
    if conflicts:
        raise JournalError(conflicts)
    return f"Lần ghi trước bị dừng giữa chừng: đã ghi nốt {len(entries)} tệp của nó."


def is_locked(root: Path) -> bool:
    """Whether a run holds the folder's lock right now (without taking it)."""
    path = work_dir(root) / LOCK
    if fcntl is None or not path.exists():
        return False
    handle = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(handle)  # also releases the probe's own shared lock
    return False


def pending(root: Path) -> tuple[Path, int, int] | None:
    """(journal, files written, files in it) of a killed run not yet finished, or None."""
    folder = work_dir(root)
    try:
        journal = _read_journal(folder)
    except JournalError:
        return folder / JOURNAL, 0, 0
    if journal is None:
        return None
    _, entries = journal
    written = sum(
        _state_of(root / e.target, folder / STAGED / e.staged, e.sha256) == "ours" for e in entries
    )
    return folder / JOURNAL, written, len(entries)


def commit(
    root: Path,
    files: dict[Path, str],
    progress: Progress = silent,
) -> None:
    """Create every file of `files` (paths inside `root`) or none; call with the lock held.

    `progress` hears the files staged (each written and synced beside the journal), then
    the files put in place.

    Raises JournalError, with nothing written, if one of them exists already."""
    root_real = root.resolve()
    relative: dict[str, bytes] = {}
    for path, source in files.items():
        name = path.resolve().relative_to(root_real).as_posix()
        relative[name] = source.encode("utf-8")
    existing = [name for name in relative if (root / name).exists()]
    if existing:
        raise JournalError(
            [f"{root / name}: tệp đã có; không ghi đè, không ghi tệp nào" for name in existing]
        )
    folder = work_dir(root)
    folder.mkdir(exist_ok=True)
    transaction = uuid.uuid4().hex
    staged_dir = folder / STAGED / transaction
    staged_dir.mkdir(parents=True)
    entries: list[Entry] = []
    progress(STAGE_STAGED, 0, len(relative))
    for index, (name, data) in enumerate(sorted(relative.items())):
        staged_name = f"{transaction}/{index:06d}.md"
        _write_synced(folder / STAGED / staged_name, data)
        entries.append(Entry(name, staged_name, _digest(data)))
        progress(STAGE_STAGED, index + 1, len(relative))
    _fsync_dir(staged_dir)
    stage_reached("stage")
    journal_tmp = folder / f"{JOURNAL}.{transaction}"
    _write_synced(
        journal_tmp,
        json.dumps(
            {"id": transaction, "files": [entry.__dict__ for entry in entries]},
            ensure_ascii=False,
            indent=1,
        ).encode("utf-8"),
    )
    os.replace(journal_tmp, folder / JOURNAL)
    _fsync_dir(folder)
    stage_reached("journal")
    half = len(entries) // 2
    for done, entry in enumerate(entries, start=1):
        if not _place(folder / STAGED / entry.staged, root / entry.target):
            conflicts = _finish(root, folder, entries)  # undoes: the target is not ours
            _clear(folder)
            raise JournalError(conflicts)
        progress(STAGE_PLACED, done, len(entries))
        if done == half:
            stage_reached("commit")
    for parent in {(root / entry.target).parent for entry in entries}:
        _fsync_dir(parent)
    stage_reached("done")
    _clear(folder)


@contextmanager
def writing(root: Path, wait: float | None = None) -> Iterator[str | None]:
    """The lock held, any killed run's work finished first; yields what recovery did."""
    with ContentLock(root, wait):
        yield recover(root)

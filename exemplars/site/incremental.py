"""Incremental preview: which pages of a running preview must be rendered again.

Each page gets an inputs digest: the view's context (the records it shows, each as the
serial its file got when it was last read, see `FileCache`), its place in the page plan,
and a site-wide digest of everything every page may show (settings, templates, the unit
and vocabulary registries, campaigns, published images, the build date). A page whose
digest equals the one of the previous build, and whose output is still there, is left as
it is; the test `test_incremental.py` proves the result is the site a full build writes.

Views whose templates read the catalog beyond their context, and views this module does
not know, get no digest: they are rendered on every build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import inspect
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache
from pydantic import BaseModel

from exemplars.content.load import FileCache
from exemplars.site.build import Site
from exemplars.site.exports import Forked
from exemplars.site.pages import PageSpec
from exemplars.site.qr import QrCodes
from exemplars.types import BY_NAME

# Views whose whole input is their context (render.Renderer._<view>) and the site-wide data.
# `units` reads the catalog's counts in its template: rendered every time, like any view
# added later until it is listed here.
KNOWN_VIEWS = frozenset(
    {
        "exemplar",
        "commendation",
        "campaign",
        "story",
        "home",
        "directory",
        "decisions",
        "stories",
        "campaigns",
        "search",
        "awards",
        "award",
        "years",
        "year",
        "kind",
        "statistics",
        "unit",
        "campaign-exemplars",
        "campaign-decisions",
        "board",
    }
)


# What a board part's context holds (render.Renderer._board), each made of the values
# `Digests._part_token` gathers: the board, the part's entries grouped, its revoked entries,
# the award headings (vocabularies: site-wide), the decisions they name and board figures.
BOARD_CONTEXT = frozenset(
    {
        "board",
        "groups",
        "revoked",
        "heading",
        "part_decisions",
        "many_units",
        "many_decisions",
        "newest",
    }
)


class Unknown(Exception):
    """A value the digest cannot vouch for: the page is rendered again."""


def files_token(paths: Iterable[Path]) -> tuple:
    """Size and modification time of every file under `paths` (folders walked), sorted."""
    found = []
    for root in paths:
        root = Path(root)
        if root.is_file():
            found.append(root)
        elif root.is_dir():
            found.extend(p for p in root.rglob("*") if p.is_file())
    token = []
    for path in sorted(found):
        try:
            st = os.stat(path)
        except OSError:
            continue
        token.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(token)


# Record pages whose context holds only records found from their own record by id: the
# record, the records it names and the records naming it (see `Digests.all`). A campaign's
# page counts over its decisions' recipients, which its context does not hold.
LOCAL_VIEWS = frozenset({"exemplar", "commendation", "story"})
# The models of records those contexts list by who names them (Catalog.honors_of,
# stories_of, revocations_of, corrected_by…): a campaign's namers are listed on its own
# page only, which is not one of LOCAL_VIEWS.
LISTED_BY_NAMERS = frozenset({"Exemplar", "Commendation"})


@dataclasses.dataclass
class Memory:
    """What one build's digests leave for the next: which records each record page used."""

    site_wide: str = ""
    # serial → (its model, its id, every string of its fields: the ids of what it names)
    names: dict[int, tuple[str, str, frozenset[str]]] = dataclasses.field(default_factory=dict)
    # src_uri of a record page (LOCAL_VIEWS) → (its digest, serials it used, board token);
    # of a board part → (its digest, its whole board's serials, (spec token, part token))
    uses: dict[str, tuple[str, frozenset[int], Any]] = dataclasses.field(default_factory=dict)


# What changed since the previous build (Digests._touched): records held, records naming a
# changed one, keys of the boards changed records may have joined.
Touched = tuple[set[int], set[int], set[str]]


KEPT = "kept"  # `Digests._board_part`: the previous build's memory entry still holds


@dataclasses.dataclass
class GeneratedDigests:
    """`Digests.generated`: the generated pages' digests, the memory entries of the board
    parts worked out afresh, and the board parts whose previous entry still holds."""

    digests: dict[str, str | None]
    fresh: dict[str, tuple[str, frozenset[int], Any]]
    kept: list[str]


class Digests:
    """Page inputs digests of one build; `changed` compares them with the previous build's."""

    def __init__(
        self, site: Site, cache: FileCache, site_wide: Any, previous: Memory | None = None
    ):
        self.site = site
        self.cache = cache
        self._serials = cache.serials()
        self._memo: dict[int, tuple[str, frozenset[int]]] = {}  # id → digest, serials used
        self._keep: list = []
        campaigns = tuple(self._record(c, set()) for c in site.catalog.campaigns.values())
        self.site_wide = _hash((site_wide, site.today.isoformat(), campaigns))
        # Record and listing pages link to the printable board of the same key, if any.
        self.boards: dict[str, list[str]] = {}
        for section, key in sorted(site.renderer.boards.all):
            self.boards.setdefault(key, []).append(section)
        self.previous = previous
        self.memory = Memory(self.site_wide)
        self.reused = 0  # pages whose digest the previous build's still vouches for
        self._boards_held: dict[str, frozenset[int] | None] = {}
        self._board_context: bool | None = None  # a board part's context is BOARD_CONTEXT
        # id of a board entry → `_flat` of it, () when it has none (entries live as long as
        # the site: their ids stay unique while this lives)
        self._flats: dict[int, tuple] = {}

    def of(self, spec: PageSpec, used: set[int] | None = None) -> str | None:
        """The inputs digest of one page, or None when it must always be rendered.

        `used` gathers the serials of the records the page's context holds.
        """
        if spec.view not in KNOWN_VIEWS:
            return None
        used = set() if used is None else used
        try:
            tokens: list = [self.site_wide, _spec_token(spec), self.boards.get(spec.key)]
            context = self.site.renderer.context(spec)
            if spec.view == "board":
                # A part shows its own entries; of the whole board only what board.html
                # reads (and the decision a decision's board names).
                board = context.pop("board")
                tokens.append((board.section, board.key, board.title, board.subject_url))
                if board.section == "commendations":
                    self._walk(self.site.catalog.commendations.get(board.key), tokens, used)
            # The search facts of a record page come from the same records as its context.
            self._walk(context, tokens, used)
        except (Unknown, KeyError):
            return None
        return _hash(tokens)

    def all(self) -> dict[str, str | None]:
        """Every page's digest: `records`, then `generated`, worked out here."""
        digests = self.records()
        digests.update(self.absorb(self.generated()))
        return digests

    def records(self) -> dict[str, str | None]:
        """The digests of the pages made from a file (records, ordinary pages); a record
        page's (LOCAL_VIEWS) is kept from the previous build when its context cannot have
        changed.

        Such a page's context is its own record, the records it names (honorees, campaigns,
        the decisions it revokes or corrects, the exemplars of a story) and the exemplars and
        decisions that name a record it holds (decisions naming an exemplar or revoking or
        correcting a decision, stories naming an exemplar), never a list of the records
        naming a campaign. So it changes only when a record it held changed or is gone, when
        a changed record names an exemplar or decision it holds, or when its own record
        names a changed one (one created, say). Files compare by serial: any change to a
        file is a new serial, a deleted or renamed file's serial is gone.
        """
        found = self.found
        uses = self.memory.uses
        digests: dict[str, str | None] = {}
        # Looked up once: the loop below runs for 12,500 record pages on every save.
        before = self.previous.uses if found is not None and self.previous else {}
        held, naming, _ = found if found is not None else (set(), set(), set())
        records = {view: self.site.catalog.of(BY_NAME[view]) for view in LOCAL_VIEWS}
        serials, boards = self._serials, self.boards
        for uri, spec in self.site.pages.items():
            if spec.generated:
                continue
            if spec.view not in LOCAL_VIEWS:
                digests[uri] = self.of(spec)
                continue
            board = boards.get(spec.key)
            kept = before.get(uri)
            if kept is not None and kept[2] == board:
                own = serials.get(id(records[spec.view][spec.key]))
                if own not in naming and kept[1].isdisjoint(held):
                    uses[uri] = kept
                    digests[uri] = kept[0]
                    self.reused += 1
                    continue
            used: set[int] = set()
            digest = digests[uri] = self.of(spec, used)
            if digest is not None:
                uses[uri] = (digest, frozenset(used), board)
        return digests

    def generated(self) -> GeneratedDigests:
        """The digests of the pages the engine makes (listings, boards, home): a preview
        works them out in a forked copy while it renders the records' pages, so what
        crosses back is what the build cannot make again cheaply (see `absorb`)."""
        found = self.found
        digests: dict[str, str | None] = {}
        fresh: dict[str, tuple[str, frozenset[int], Any]] = {}
        kept: list[str] = []
        for uri, spec in self.site.pages.items():
            if not spec.generated:
                continue
            if spec.view != "board":
                digests[uri] = self.of(spec)
                continue
            digest, entry = self._board_part(uri, spec, found)
            digests[uri] = digest
            if entry is KEPT:
                kept.append(uri)
            elif isinstance(entry, tuple):
                fresh[uri] = entry
        return GeneratedDigests(digests, fresh, kept)

    def absorb(self, result: GeneratedDigests) -> dict[str, str | None]:
        """`generated`'s answer, made part of this build's memory; its digests."""
        uses = self.memory.uses
        uses.update(result.fresh)
        if result.kept:
            assert self.previous is not None  # kept entries are the previous build's
            for uri in result.kept:
                uses[uri] = self.previous.uses[uri]
            self.reused += len(result.kept)
        return result.digests

    @functools.cached_property
    def found(self) -> Touched | None:
        """What changed since the previous build (`_touched`), worked out once."""
        return self._touched()

    def _board_part(
        self, uri: str, spec: PageSpec, found: Touched | None
    ) -> tuple[str | None, tuple[str, frozenset[int], Any] | str | None]:
        """A board part's digest, kept while its board's records are and its key is not
        touched (see `_touched`); with its memory entry (KEPT: the previous build's still
        holds, None: none).

        A board lists the recipients of the decisions of its unit, campaign, year or the
        decision itself: its content follows from those decisions, their exemplars and the
        decisions revoking them (held), and a decision joins it only if it changed or an
        exemplar it names changed (the board keys of those). The part shows a slice of it.
        """
        kept = self.previous.uses.get(uri) if found is not None and self.previous else None
        token = _spec_token(spec)
        if kept is not None and found is not None and kept[2][0] == token:
            held, _, keys = found
            if spec.key not in keys and kept[1].isdisjoint(held):
                return kept[0], KEPT
        # A touched board (a campaign's has dozens of parts): each part's digest is that of
        # what its context is made of, without making the context and walking it.
        shown = self._part_token(spec)
        used = self._board_serials(spec.key)
        digest = self.of(spec) if shown is None else _hash((self.site_wide, token, shown))
        if digest is not None and used is not None:
            return digest, (digest, used, (token, shown))
        return digest, None

    def _part_token(self, spec: PageSpec) -> tuple | None:
        """Everything a board part's context is made of, as file serials and plain values
        (None: a value it cannot vouch for). Equal tokens, equal contexts: the entries the
        part reads (`Board.shown_in`), the board's own figures and the key's boards.

        It stands for the context `Renderer._board` makes (BOARD_CONTEXT); a context made
        of anything more gets the digest of its walk (`of`) instead.
        """
        if self._board_context is None:
            self._board_context = set(self.site.renderer.context(spec)) == BOARD_CONTEXT
        if not self._board_context:
            return None
        section, key = spec.key.split("/", 1)
        board = self.site.renderer.boards.all[(section, key)]
        own = self.site.catalog.commendations.get(key) if section == "commendations" else None
        token: list = [
            self.boards.get(spec.key),
            board.title,
            board.newest,
            sorted(board.units),
            self.site.renderer.many_decisions(board),
            None if own is None else self._serials.get(id(own)),
        ]
        flats = self._flats
        for entry in board.shown_in(spec.page):
            flat = flats.get(id(entry))  # an entry is on four boards
            if flat is None:
                flat = flats[id(entry)] = self._flat(entry) or ()
            if not flat:
                return None
            token.append(flat)
        return tuple(token)

    def _flat(self, value: Any) -> tuple | None:
        """A dataclass of plain values, records and such dataclasses as nested tuples, a
        record as its serial (None: another value, or a record not read from a file)."""
        names = _FIELD_NAMES.get(type(value))
        if names is None:
            names = _FIELD_NAMES[type(value)] = tuple(f.name for f in dataclasses.fields(value))
        flat: list = [type(value).__name__]
        for name in names:
            item = getattr(value, name)
            if type(item) in _PLAIN:
                flat.append(item)
            elif (serial := self._serials.get(id(item))) is not None:
                flat.append(("r", serial))
            elif dataclasses.is_dataclass(item) and not isinstance(item, type):
                inner = self._flat(item)
                if inner is None:
                    return None
                flat.append(inner)
            else:
                return None
        return tuple(flat)

    def _board_serials(self, key: str) -> frozenset[int] | None:
        """The serials of every record a whole board holds (None: one was not read here)."""
        known = self._boards_held.get(key)
        if known is None and key not in self._boards_held:
            section, board_key = key.split("/", 1)
            board = self.site.renderer.boards.all[(section, board_key)]
            records: list[Any] = list(board.decisions)
            for entry in board.entries + board.revoked:
                honoree = entry.honoree
                records += [entry.decision, honoree.exemplar, honoree.revoked_by]
            serials = [self._serials.get(id(r)) for r in records if r is not None]
            known = None if None in serials else frozenset(s for s in serials if s is not None)
            self._boards_held[key] = known
        return known

    def _touched(self) -> Touched | None:
        """Serials of records a page may not have held unchanged (records read anew, gone,
        or exemplars and decisions a changed record names), of records naming a changed
        one, and the keys of the boards a changed decision or exemplar may have joined.
        None: every page is worked out again (the first build, a site-wide change)."""
        names = self.memory.names
        before = self.previous.names if self.previous else {}
        fresh: list[Any] = []  # records read anew
        for record in self.site.content.all_records():
            serial = self._serials.get(id(record))
            if serial is None:
                continue
            known = before.get(serial)
            if known is None:
                known = (type(record).__name__, record.id, _strings(record))
                fresh.append(record)
            names[serial] = known
        if self.previous is None or self.previous.site_wide != self.site_wide:
            return None
        changed = (names.keys() - before.keys()) | (before.keys() - names.keys())
        ids: set[str] = set()  # the changed records' ids, before and after
        named_by_changed: set[str] = set()  # what they name (and other strings of theirs)
        for serial in changed:
            _, record_id, named = names[serial] if serial in names else before[serial]
            ids.add(record_id)
            named_by_changed |= named
        held = set(changed)
        naming: set[int] = set()
        for serial, (kind, record_id, named) in names.items():
            if kind in LISTED_BY_NAMERS and record_id in named_by_changed:
                held.add(serial)
            if not named.isdisjoint(ids):
                naming.add(serial)
        return held, naming, self._board_keys(fresh)

    def _board_keys(self, fresh: list[Any]) -> set[str]:
        """The boards ("units/x", "years/2024"…) the published decisions among `fresh`, and
        the decisions naming the published exemplars among it, are on."""
        catalog = self.site.catalog
        decisions: list[Any] = []
        for record in fresh:
            record_id = record.id
            if catalog.commendations.get(record_id) is record:
                decisions.append(record)
            elif catalog.exemplars.get(record_id) is record:
                decisions += [honor.decision for honor in catalog.honors_of.get(record_id, [])]
        keys: set[str] = set()
        for decision in decisions:
            keys |= {f"commendations/{decision.id}", f"years/{decision.date.year}"}
            if decision.campaign:
                keys.add(f"campaigns/{decision.campaign}")
            keys |= {f"units/{h.unit_id}" for h in catalog.honorees_of.get(decision.id, [])}
        return keys

    def _record(self, record: BaseModel, used: set[int]) -> tuple:
        serial = self._serials.get(id(record))
        if serial is None:
            raise Unknown(record)
        used.add(serial)
        return ("record", serial)

    def _walk(self, value: Any, out: list, used: set[int]) -> None:
        kind = type(value)
        if kind in _PLAIN:  # checked by exact type first: the walk runs ~10⁵ times a build
            out.append(value)
            return
        serials = self._serials
        serial = serials.get(id(value))
        if serial is not None:  # a record read from a file: the commonest value by far
            out.append(("r", serial))
            used.add(serial)
        elif value is None or isinstance(value, str | int | float | bool | date):
            out.append(value)
        elif isinstance(value, list | tuple):
            out.append(len(value))
            memo = self._memo
            for item in value:
                serial = serials.get(id(item))
                if serial is not None:  # the walk of a record, inline: listings hold 100
                    out.append(("r", serial))
                    used.add(serial)
                    continue
                known = memo.get(id(item))
                if known is not None:  # a dataclass walked before, inline: boards hold 150
                    out.append(known[0])
                    used |= known[1]
                else:
                    self._walk(item, out, used)
        elif isinstance(value, dict):
            out.append(len(value))
            for key, item in value.items():
                out.append(key)
                self._walk(item, out, used)
        elif inspect.ismethod(value) or inspect.isfunction(value):
            # A helper the template calls (Boards.heading): its answers come from the
            # vocabularies and units, which the site-wide digest covers, and from arguments
            # that the page's own data, walked here, gives it.
            out.append(("callable", value.__qualname__))
        elif isinstance(value, BaseModel):
            origin = getattr(value, "_origin", None)
            if origin is not None and getattr(origin, "file", None) is not None:
                out.append(self._record(value, used))
            elif hasattr(value, "id"):  # units and vocabulary entries: in the site-wide digest
                out.append(("entry", type(value).__name__, value.id))
            else:
                raise Unknown(value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            known = self._memo.get(id(value)) or self._dataclass(value, kind)
            out.append(known[0])
            used |= known[1]
        else:
            raise Unknown(value)

    def _dataclass(self, value: Any, kind: type) -> tuple[str, frozenset[int]]:
        """Honorees, honors, board entries: the same objects on many pages, walked once.
        Frozen or not, they are built once per build and not changed after."""
        inner: list = [kind.__name__]
        seen: set[int] = set()
        names = _FIELD_NAMES.get(kind)
        if names is None:
            names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind))
        serials = self._serials
        for name in names:
            inner.append(name)
            item = getattr(value, name)
            if type(item) in _PLAIN:  # what `_walk` would do first, without the call
                inner.append(item)
                continue
            serial = serials.get(id(item))
            if serial is not None:
                inner.append(("r", serial))
                seen.add(serial)
            else:
                self._walk(item, inner, seen)
        known = self._memo[id(value)] = (_hash(inner), frozenset(seen))
        self._keep.append(value)  # ids stay unique while the memo lives
        return known


_PLAIN = frozenset({str, int, float, bool, type(None), date})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # a dataclass → its fields' names, in order


def _spec_token(spec: PageSpec) -> tuple:
    """A page spec's fields, in order (dataclasses.astuple, without its deep copies)."""
    return tuple(getattr(spec, item.name) for item in dataclasses.fields(spec))


def _strings(record: BaseModel) -> frozenset[str]:
    """Every string among a record's fields: the ids of the records it names among them."""
    found: set[str] = set()

    def collect(value: Any) -> None:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list | tuple | set | frozenset):
            for item in value:
                collect(item)

    collect(record.model_dump())
    return frozenset(found)


class TemplateCache(BytecodeCache):
    """Compiled theme templates kept between a preview's builds.

    MkDocs makes a new Jinja environment for every build, which compiles Material's templates
    again (about a second); Jinja keys each entry by the template's source checksum, so an
    edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


def _hash(value: Any) -> str:
    return hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()


# A rebuild whose generated pages (listings, boards) to render are more than this renders
# them after it returns, in a forked copy (`LaterPages`): the saved records' own pages are
# shown first. A new decision shifts a campaign's board and listings: 170 pages at 10,000.
LATER_THRESHOLD = 40


class LaterPages:
    """The listings and boards a preview's rebuild renders after it returns, in a forked
    copy of the build (as `hugo server` renders first what the editor looks at).

    The build records no digest for these pages (they are rendered again unless this copy
    finishes); `wait`, in the background job, hands the copy's result to `done` and the
    digests become true. A newer build `cancel`s first: the copy stops, and what it has not
    finished is rendered by that build. Both sides take the lock, so once `cancel`
    returns, `done` has run or never will.
    """

    def __init__(
        self, job: Callable[[], Any], digests: dict[str, str | None], themed: bool = False
    ):
        self._lock = threading.Lock()
        self._cancelled = False
        self.digests = digests  # of the pages the copy renders, true once it has
        self.themed = themed  # whether it writes the theme's pages too (sitemap.xml…)
        self.finished: float | None = None  # time.perf_counter() when they were all written
        self._forked: Forked[Any] = Forked(job, name="bangvang-later")

    def wait(self, done: Callable[[Any], None]) -> bool:
        """Until the copy ends, then `done(its result)`; False when cancelled first.
        RuntimeError when the copy failed."""
        while True:
            with self._lock:
                if self._cancelled:
                    return False
                if self._forked.ready():
                    result = self._forked.finish()
                    self.finished = time.perf_counter()
                    done(result)
                    return True
            time.sleep(0.01)

    def cancel(self) -> None:
        with self._lock:
            if not self._cancelled and self.finished is None:
                self._cancelled = True
                self._forked.close()


class Background:
    """One worker thread for what a preview may write after its pages: the last job wins.

    A job submitted while another runs waits for it; a job still waiting when a newer one
    arrives is dropped (the newer one writes everything it would have).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: Callable[[], None] | None = None
        self._thread: threading.Thread | None = None
        self._forkable = False
        self.error: BaseException | None = None

    def submit(self, job: Callable[[], None]) -> None:
        with self._lock:
            self._pending = job
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="preview", daemon=True)
                self._thread.start()

    def busy(self) -> bool:
        """Whether a job runs or waits to run."""
        with self._lock:
            return self._thread is not None

    @contextlib.contextmanager
    def forkable(self) -> Iterator[None]:
        """A phase of the running job that holds no lock a forked copy could need: it waits
        for a copy, or for Pagefind's process. A copy forked meanwhile starts cleanly."""
        with self._lock:
            self._forkable = True
        try:
            yield
        finally:
            with self._lock:
                self._forkable = False

    @contextlib.contextmanager
    def fork_safe(self) -> Iterator[bool]:
        """Whether this process may fork now (no job runs, or it is in a `forkable` phase);
        it stays so until the block ends (the job waits to leave its phase)."""
        with self._lock:
            yield self._thread is None or self._forkable

    def wait(self) -> None:
        """Until every submitted job has run (tests, and before a preview stops)."""
        while True:
            with self._lock:
                thread = self._thread
            if thread is None:
                return
            thread.join()

    def _run(self) -> None:
        while True:
            with self._lock:
                job, self._pending = self._pending, None
                if job is None:
                    self._thread = None
                    return
            try:
                job()
                self.error = None
            except BaseException as error:  # reported by the next build, never lost
                self.error = error


class Preview:
    """What a running preview keeps between builds of one docs folder into one site folder."""

    def __init__(self) -> None:
        self.cache = FileCache()
        self.key: tuple | None = None
        self.digests: dict[str, str | None] = {}
        self.outputs: set[str] = set()
        self.memory: Memory | None = None  # what the last finished build's digests used
        self.pending: Memory | None = None  # this build's, kept once it finishes
        self.extras: set[str] = set()  # files the background job wrote (open data, feed…)
        self.background = Background()
        self.templates = TemplateCache()
        self.qr_codes: QrCodes | None = None  # the last build's, see QrCodes(previous=…)
        # MkDocs' Page objects of the last build not in the nav, by src_uri, and what they
        # were made with (build_hooks._reuse_pages)
        self.pages: dict[str, Any] = {}
        self.pages_key: tuple | None = None
        self.rendered = 0  # pages the last build rendered, of `total`
        self.total = 0
        self.later: LaterPages | None = None  # the last build's listings, rendered after it
        # What the theme's own pages (sitemap.xml, 404.html) were last written from, and
        # this build's, kept once it finishes (build_hooks._keep_theme_pages)
        self.theme_token: tuple | None = None
        self.theme_pending: tuple | None = None

    def begin(self, key: tuple) -> None:
        """A build starts; another folder or configuration starts from nothing."""
        if key != self.key:
            self.forget()
            self.cache = FileCache()
            self.key = key

    def forget(self) -> None:
        """After a failed build nothing written is trusted: the next build renders all.

        Parsed files stay: they depend on the files alone.
        """
        self.digests = {}
        self.outputs = set()
        self.memory = self.pending = None
        self.pages = {}
        self.theme_token = self.theme_pending = None

    def changed(self, src_uri: str, digest: str | None, dest: str) -> bool:
        return digest is None or self.digests.get(src_uri) != digest or not os.path.isfile(dest)

    def finish(self, digests: dict[str, str | None], outputs: set[str], site_dir: Path) -> int:
        """Remember this build; delete what the previous one wrote and this one did not."""
        stale = self.outputs - outputs
        remove_files(stale, site_dir)
        self.digests, self.outputs = digests, outputs
        self.memory, self.pending = self.pending, None
        self.theme_token, self.theme_pending = self.theme_pending, None
        return len(stale)

    def write_extras(self, files: Mapping[str, str | bytes], site_dir: Path) -> None:
        """Write the non-page files (open data, feed, redirects); delete those now gone."""
        written = set()
        for uri, content in files.items():
            path = site_dir / uri
            data = content.encode("utf-8") if isinstance(content, str) else content
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                if path.read_bytes() == data:
                    written.add(str(path))
                    continue
            except OSError:
                pass
            path.write_bytes(data)
            written.add(str(path))
        remove_files(self.extras - written, site_dir)
        self.extras = written


def settle_heap() -> None:
    """Between a preview's saves: collect the last build's garbage, then move what stays
    (parsed files, MkDocs' pages, QR codes, this build's catalog) out of the collector's
    way. Without it each collection during a save's build walks those millions of objects:
    a third of a second for the record dates alone at 10,000 records. The next call
    collects what this one kept and is garbage by then."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def remove_files(paths: Iterable[str], site_dir: Path) -> None:
    """Delete files and the folders they leave empty, never above `site_dir`."""
    top = os.path.realpath(site_dir)
    for path in sorted(paths):
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)
        folder = os.path.dirname(path)
        while os.path.realpath(folder).startswith(top + os.sep):
            try:
                os.rmdir(folder)
            except OSError:
                break
            folder = os.path.dirname(folder)

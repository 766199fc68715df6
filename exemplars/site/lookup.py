"""What the search answers before full-text search: query words that name a facet, and names.

Written at build time from the catalog into `lookup/` of the site (see `static_files`):

- `lookup/terms.json`: the dictionaries of query understanding. Each facet value that the
  Pagefind filter index holds (units, awards, kinds, years) with the phrases a reader types
  for it, folded the Vietnamese way (`text.fold`: no tone marks, d for đ, so tone placement
  does not matter either): "Phường Trà Cổ" ← "phuong tra co", "tra co". The search script
  turns such words into a removable filter chip, answered by Pagefind's filter index without
  scoring text. The file also lists the name index's shards by their first key.
- `lookup/n/<hash>.json`: the name index. Every record's folded name (and every decision's
  number, "245/qdubnd") as a sorted list cut into shards of `SHARD_ENTRIES` entries; a
  keystroke in the header box loads the one shard where its folded text would sort, so the
  first hits (exact name first, then names that start with it) show in tens of milliseconds
  and cost a few kilobytes, whatever the number of records. File names carry their content's
  hash, so a browser may keep them.
- `lookup/s/<hash>.json`: a filter set per filter value and per dictionary value: how many
  records match, the first `SET_ROWS` of them, and the positions of all of them in the name
  index. A query made only of filters is answered from these, without Pagefind, whose search
  without a term loads its whole word index.

Nothing here imports MkDocs; `build_hooks.on_files` adds the files to the build.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from exemplars import text
from exemplars.content.model import KIND_LABELS, UNIT_TYPE_LABELS
from exemplars.site.catalog import Catalog
from exemplars.site.pages import record_url
from exemplars.site.search import CAMPAIGN_KIND, DECISION_KIND, STORY_KIND, record_facts

FOLDER = "lookup"
TERMS_FILE = f"{FOLDER}/terms.json"
SHARD_FOLDER = f"{FOLDER}/n"
SET_FOLDER = f"{FOLDER}/s"
# Records listed in a filter set's file: a page of the search page's results.
SET_ROWS = 20
# 64 entries of about 250 bytes: one shard is 10–20 KB, and at 60,000 records the list of
# shards (their first keys) stays near 20 KB.
SHARD_ENTRIES = 64
# Summaries are cut to this many characters (at a word boundary) in the name index: enough
# for a one-line excerpt under a name hit, short enough to keep shards small.
TEXT_CHARS = 140
# A phrase of one word would take ordinary words away from the text search ("hoa" is a name
# as often as a place), so dictionary phrases have at least two words; years are the exception.
MIN_PHRASE_WORDS = 2
FORMAT_VERSION = 3
# Word sets (see `word_sets`): one file per folded word, per pair of adjacent words, and the
# records' rows and folded texts in chunks of ROW_CHUNK positions, all under one folder
# named by the hash of their contents.
WORD_FOLDER = f"{FOLDER}/w"
PAIR_FOLDER = f"{FOLDER}/p"
ROW_FOLDER = f"{FOLDER}/r"
TEXT_FOLDER = f"{FOLDER}/t"
# A word typed in part ("ng") is read as every word it starts: up to MAX_COMPLETIONS words'
# own files, and beyond that one file for the beginning itself (lookup/x/<id>/<start>.json).
PREFIX_FOLDER = f"{FOLDER}/x"
MAX_COMPLETIONS = 10
# Every facet value's records in one file (lookup/f/<hash>.json), for the search page's
# counts of what ticking a value would give.
FACET_FOLDER = f"{FOLDER}/f"
# 8 rows of about 600 bytes: a page of results scattered over the records loads at most 20
# chunks of 5 KB; a page of neighbours (a common word) two or three.
ROW_CHUNK = 8
# Longer runs of letters are no Vietnamese syllable (a URL, a code): not in the vocabulary,
# so a query word longer than this matches no record.
MAX_WORD_LETTERS = 32
# The file of all words, beside the words' own files (a word is never "_all": no "_").
VOCABULARY = "_all"
# The visible text a word-set hit carries for its excerpt.
SHOWN_CHARS = 240
# How the names of awards and emulation titles begin (Luật Thi đua, khen thưởng 06/2022/QH15):
# a reader typing one of these means every award whose label starts with it.
AWARD_FAMILIES = (
    "bang khen",
    "huan chuong",
    "huy chuong",
    "chien si thi dua",
    "co thi dua",
    "ky niem chuong",
)

_NON_WORD = re.compile(r"[^a-z0-9]+")
_NON_NUMBER = re.compile(r"[^a-z0-9/]+")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


def name_key(name: str) -> str:
    """A name as the index compares it: folded, words of letters and digits, one space apart.

    "Đặng Văn Đức" → "dang van duc"; "Trần Thị Hoà" and "Trần Thị Hòa" → "tran thi hoa".
    The search script folds what is typed the same way (its `nameKey`).
    """
    return " ".join(_NON_WORD.split(text.fold(name))).strip()


def number_key(number: str) -> str:
    """A document number as the index compares it: "245/QĐ-UBND" → "245/qdubnd".

    Spaces, dashes and marks go, so "245/qd-ubnd", "245 / QĐ UBND" and "245/QĐ-UBND" meet.
    """
    return _NON_NUMBER.sub("", text.fold(number))


def phrase_key(phrase: str) -> str:
    return name_key(phrase)


def _clip(value: str, limit: int = TEXT_CHARS) -> str:
    """At most `limit` characters, cut between words (never inside one), "…" when cut."""
    value = " ".join(value.split())
    if len(value) <= limit:
        return value
    cut = value.rfind(" ", 0, limit)
    return value[: cut if cut > 0 else limit].rstrip(" ,;:") + "…"


def _unit_phrases(name: str) -> list[str]:
    """The folded phrases for a unit: its full name, and the name without its type word(s)."""
    phrases = [phrase_key(name)]
    folded_types = sorted(
        (phrase_key(label) for label in UNIT_TYPE_LABELS.values()), key=len, reverse=True
    )
    full = phrases[0]
    for prefix in folded_types:
        if full.startswith(prefix + " "):
            phrases.append(full[len(prefix) + 1 :])
            break
    return [p for p in dict.fromkeys(phrases) if len(p.split()) >= MIN_PHRASE_WORDS]


@dataclass(frozen=True)
class Entry:
    """One line of the name index: what a hit shows before Pagefind has answered."""

    key: str
    name: str
    url: str
    kind: str
    unit: str
    text: str
    # The record's Pagefind filters (`search.record_facts`), for the filter sets.
    filters: dict[str, list[str]] = field(default_factory=dict, compare=False, hash=False)
    # The visible text excerpts come from (`SearchFacts.text`: summary, then citations).
    shown: str = field(default="", compare=False, hash=False)
    # The other texts the record's page shows, in its word sets (see `indexed_texts`).
    more: tuple[str, ...] = field(default=(), compare=False, hash=False)
    # The unit as its words are indexed: its name, without what `unit` adds for a merged
    # unit ("nay thuộc phường Móng Cái 1" would make every record of the old wards match).
    # None: `unit` itself.
    place: str | None = field(default=None, compare=False, hash=False)

    def row(self) -> list[str]:
        return [self.key, self.name, self.url, self.kind, self.unit, self.text]


def _facts(catalog: Catalog, view: str, key: str) -> tuple[dict[str, list[str]], str]:
    """A record's filters and the visible text of its result, from one `record_facts`."""
    facts = record_facts(catalog, view, key)
    return (facts.filters, facts.text) if facts else ({}, "")


_MARKUP = re.compile(r"\]\([^)]*\)|<[^>]*>|\{[^}]*\}")


def _body(record) -> str:  # noqa: ANN001  (any record type)
    """A record's Markdown body as words: link targets, tags and attribute lists left out."""
    return _MARKUP.sub(" ", record.body or "")


def _texts(*values: str | None) -> tuple[str, ...]:
    return tuple(v for v in values if v)


def name_entries(catalog: Catalog) -> list[Entry]:
    """Every published record's name (and every decision's number), sorted by key."""
    entries = []
    for exemplar in catalog.exemplars.values():
        filters, shown = _facts(catalog, "exemplar", exemplar.id)
        unit = catalog.units.get(exemplar.unit)
        entries.append(
            Entry(
                name_key(exemplar.name),
                exemplar.name,
                record_url("exemplars", exemplar.id),
                KIND_LABELS[exemplar.kind],
                catalog.unit_label(exemplar.unit),
                _clip(exemplar.summary or ""),
                filters,
                shown,
                _texts(
                    exemplar.position,
                    exemplar.organization,
                    *exemplar.tags,
                    _body(exemplar),
                ),
                place=unit.name if unit else exemplar.unit,
            )
        )
    for decision in catalog.commendations.values():
        filters, shown = _facts(catalog, "commendation", decision.id)
        entries.append(
            Entry(
                number_key(decision.number),
                f"Quyết định số {decision.number}",
                record_url("commendations", decision.id),
                DECISION_KIND,
                decision.issuer,
                _clip(decision.reason or ""),
                filters,
                shown,
                _texts(
                    *(
                        part
                        for h in catalog.honorees_of.get(decision.id, [])
                        for part in (h.name, h.position, h.reason)
                    ),
                    _body(decision),
                ),
            )
        )
    for campaign in catalog.campaigns.values():
        entries.append(
            Entry(
                name_key(campaign.title),
                campaign.title,
                record_url("campaigns", campaign.id),
                CAMPAIGN_KIND,
                "",
                _clip(campaign.summary or ""),
                shown=_facts(catalog, "campaign", campaign.id)[1],
                more=_texts(*(b.title for b in campaign.basis), _body(campaign)),
            )
        )
    for story in catalog.stories.values():
        entries.append(
            Entry(
                name_key(story.title),
                story.title,
                record_url("stories", story.id),
                STORY_KIND,
                story.source or "",
                "",
                shown=_facts(catalog, "story", story.id)[1],
                more=_texts(story.author, _body(story)),
            )
        )
    entries = [e for e in entries if e.key]
    entries.sort(key=lambda e: (*sort_key(e.key), e.name, e.url))
    return entries


def sort_key(key: str) -> tuple[bool, str]:
    """Names before decision numbers, each in key order (the search script's `keyOrder`):
    a list of a unit's records starts with its people and groups."""
    return (key[:1].isdigit(), key)


def shards(entries: list[Entry], size: int = SHARD_ENTRIES) -> list[list[Entry]]:
    """The sorted entries cut into runs of `size`; a shard is found by its first key."""
    return [entries[i : i + size] for i in range(0, len(entries), size)]


def shard_for(first_keys: list[str], key: str) -> int:
    """The shard where `key` would sort: the last one whose first key is not after it.

    The search script does the same (its `shardFor`); matches for a prefix start there and
    may go on into the next shards.
    """
    return max(bisect_right(first_keys, sort_key(key), key=sort_key) - 1, 0)


def _covered_units(catalog: Catalog, unit_id: str) -> list[str]:
    """A unit, the units under it and the units merged into it, followed all the way down.

    "Thành phố Móng Cái" covers its wards and "Phường Móng Cái 1" the wards it was formed
    from, so a reader naming the larger unit finds the records filed under the smaller ones.
    """
    seen: dict[str, None] = {}
    queue = [unit_id]
    while queue:
        current = queue.pop(0)
        if current in seen or current not in catalog.units:
            continue
        seen[current] = None
        queue.extend(child.id for child in catalog.children_of.get(current, []))
        queue.extend(old.id for old in catalog.predecessors_of.get(current, []))
    return [catalog.units[u].name for u in seen]


def dictionaries(  # noqa: C901  (one dictionary per search facet, side by side)
    catalog: Catalog, entries: list[Entry] | None = None
) -> tuple[list[list], dict[str, list[int]]]:
    """Facet values a query can name, and the folded phrases that name each of them.

    Returns (values, phrases). A value is [facet, label, filter values]: the filter values
    are exactly those of the `data-pagefind-filter` markup (`search.record_facts`) that the
    label stands for: one for an award, kind or year, the unit and the units it covers for a
    unit. Phrases map a folded phrase to the values it names (two units may share a short
    name: both are meant).
    """
    present: dict[tuple[str, str], None] = {}
    for entry in name_entries(catalog) if entries is None else entries:
        for facet in ("unit", "award", "kind", "year"):
            for value in entry.filters.get(facet, []):
                if value:
                    present[(facet, value)] = None
    values: list[list] = []
    for facet, value in sorted(present, key=lambda fv: (fv[0], text.collation_key(fv[1]))):
        if facet != "unit":
            values.append([facet, value, [value]])
    for unit in sorted(catalog.units.values(), key=lambda u: text.collation_key(u.name)):
        covered = [n for n in _covered_units(catalog, unit.id) if ("unit", n) in present]
        if covered:
            values.append(["unit", unit.name, covered])
    phrases: dict[str, list[int]] = {}

    def add(phrase: str, index: int) -> None:
        if phrase and index not in phrases.setdefault(phrase, []):
            phrases[phrase].append(index)

    for index, (facet, label, _covered) in enumerate(values):
        if facet == "unit":
            for phrase in _unit_phrases(label):
                add(phrase, index)
        elif facet == "year":
            if _YEAR.match(label):
                add(label, index)
                add(f"nam {label}", index)
        else:
            phrase = phrase_key(label)
            if len(phrase.split()) >= MIN_PHRASE_WORDS:
                add(phrase, index)
    # A family of awards by the words its labels start with ("bằng khen" is every Bằng khen).
    for family in AWARD_FAMILIES:
        for index, (facet, label, _covered) in enumerate(values):
            if facet == "award" and phrase_key(label).startswith(family + " "):
                add(family, index)
    return values, dict(sorted(phrases.items()))


def _json(data: object) -> str:
    """Compact JSON with <, > and & as \\u escapes: record text is never markup, anywhere."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _positions(deltas_of: list[int]) -> list[int]:
    """Ascending positions as the gaps between them (the first from 0): short JSON numbers."""
    return [b - a for a, b in zip([0, *deltas_of], deltas_of, strict=False)]


def filter_sets(
    entries: list[Entry], values: list[list]
) -> tuple[dict[tuple[str, str], list[int]], list[list[int]]]:
    """The records of every filter value, and of every dictionary value, by name index position.

    A query made only of filters (a unit, an award, ticked facets) is answered from these
    sets: one file says how many records match and holds the first of them, so the cost does
    not grow with the matches; several filters intersect the positions. Pagefind would have
    to load its whole word index to list a filter's pages without a search term.
    Returns (atoms: (facet, value) → positions, unions: positions of each dictionary value).
    """
    atoms: dict[tuple[str, str], list[int]] = {}
    for position, entry in enumerate(entries):
        for facet, vals in entry.filters.items():
            for value in vals:
                if value:  # an empty value is no filter (Pagefind drops it too)
                    atoms.setdefault((facet, value), []).append(position)
    unions = [
        sorted({p for value in covered for p in atoms.get((facet, value), [])})
        for facet, _label, covered in values
    ]
    return atoms, unions


def indexed_texts(entry: Entry) -> tuple[str, ...]:
    """What a record's word sets hold, field by field: what its page shows as text.

    The name (a decision's "Quyết định số …"), the unit, the summary and citations, then the
    rest: position, organization and tags, a decision's recipients, a campaign's legal basis,
    an author, and the Markdown body (a story's too). Labels, kind badges and award names are
    not text (they are filters), as in the Pagefind index; nor is what a page lists of other
    records (a campaign's exemplars, an exemplar's stories), which Pagefind indexes as the
    listing page's own words.
    """
    place = entry.unit if entry.place is None else entry.place
    return (entry.name, place, entry.shown, *entry.more)


# The first three of `indexed_texts` are what a result shows (its title, unit and excerpt).
SHOWN_FIELDS = 3


def _words(value: str) -> list[str]:
    found = text.syllables(value)
    if found and max(map(len, found)) > MAX_WORD_LETTERS:
        return [w for w in found if len(w) <= MAX_WORD_LETTERS]
    return found


def pair_key(first: str, second: str) -> str:
    """The file name of two adjacent words: "phong_chong"."""
    return f"{first}_{second}"


@dataclass
class WordSets:
    """Records by name index position, per folded word and per pair of adjacent words."""

    words: dict[str, list[int]]  # word → records whose text holds it
    names: dict[str, list[int]]  # word → records whose name holds it
    shown: dict[str, list[int]]  # word → records whose result shows it (name, unit, excerpt)
    pairs: dict[str, list[int]]  # pair_key(a, b) → records where b follows a within a field
    texts: list[list[str]]  # per record: its fields as folded words, for phrase checks


def word_sets(entries: list[Entry]) -> WordSets:
    """The word sets of the name index's records (positions ascending).

    Vietnamese is written in syllables, and folded (no marks, d for đ) they are a few
    thousand, whatever the number of records: a query of known words is answered by
    fetching a few small files and intersecting them, so its cost does not grow with the
    number of matches. Pairs stay within one field, so a phrase never spans two.
    """
    words: dict[str, list[int]] = defaultdict(list)
    names: dict[str, list[int]] = defaultdict(list)
    shown: dict[str, list[int]] = defaultdict(list)
    pairs_by: dict[tuple[str, str], list[int]] = defaultdict(list)
    texts: list[list[str]] = []
    # One pass, each record's distinct words and pairs appended once (a 10,000-record
    # archive holds about 4 million of them: no function call per word).
    for position, entry in enumerate(entries):
        fields = [_words(value) for value in indexed_texts(entry)]
        for word in set(fields[0]):
            names[word].append(position)
        for word in set().union(*fields[:SHOWN_FIELDS]):
            shown[word].append(position)
        for word in set().union(*fields):
            words[word].append(position)
        for pair in {pair for f in fields for pair in zip(f, f[1:], strict=False)}:
            pairs_by[pair].append(position)
        texts.append([" ".join(f) for f in fields if f])
    pairs = {pair_key(*pair): positions for pair, positions in pairs_by.items()}
    return WordSets(dict(words), dict(names), dict(shown), pairs, texts)


def encode_positions(positions: list[int], total: int) -> list[int] | str:
    """Ascending positions among `total` records, in the shorter of two forms.

    The gaps between them (a JSON list: a rare word), or a bitmap of total/8 bytes in
    base64 (a word most records hold: 1.7 KB at 10,000 records, whatever the count).
    Bit p is bit p % 8 of byte p // 8. The search script reads both (`decodePositions`).
    """
    gaps = _positions(positions)
    bitmap_chars = 4 * -(-((total + 7) // 8) // 3) + 2
    if bitmap_chars >= len(",".join(map(str, gaps))) + 2:  # the list's JSON length
        return gaps
    bits = bytearray((total + 7) // 8)
    for position in positions:
        bits[position >> 3] |= 1 << (position & 7)
    return base64.b64encode(bytes(bits)).decode("ascii")


def decode_positions(data: list[int] | str, total: int) -> list[int]:
    """The positions `encode_positions` wrote."""
    if isinstance(data, str):
        bits = base64.b64decode(data)
        return [p for p in range(total) if bits[p >> 3] >> (p & 7) & 1]
    out, at = [], 0
    for gap in data:
        at += gap
        out.append(at)
    return out


def word_files(entries: list[Entry]) -> tuple[str, dict[str, str]]:
    """The word-set files: (their folder's id, site path → content).

    `lookup/w/<id>/<word>.json`: {"a": the records holding the word, "s": those whose result
    shows it (left out when all do), "n": those whose name does (left out when none)};
    `lookup/w/<id>/_all.json`: every word, sorted, one space apart (a few KB);
    `lookup/p/<id>/<a>_<b>.json`: the records with b right after a; `lookup/r/<id>/
    <k>.json`: rows (as the name index's, with the visible text for the excerpt) of positions
    8k…8k+7; `lookup/t/<id>/<k>.json`: the same records' fields as folded words, to check
    a phrase of three words or more; `lookup/x/<id>/<start>.json`: a beginning of more
    than MAX_COMPLETIONS words, as a word's file (`prefix_sets`). The id is the hash of all
    of them, so a browser may keep them and a new build never mixes with an old one.
    """
    sets = word_sets(entries)
    total = len(entries)
    parts: dict[tuple[str, str], str] = {}
    for word, positions in sets.words.items():
        data: dict[str, object] = {"a": encode_positions(positions, total)}
        if sets.shown.get(word, []) != positions:
            data["s"] = encode_positions(sets.shown.get(word, []), total)
        if word in sets.names:
            data["n"] = encode_positions(sets.names[word], total)
        parts[(WORD_FOLDER, word)] = _json(data)
    # Every word, sorted, one space apart: a word typed in part is completed from it.
    parts[(WORD_FOLDER, VOCABULARY)] = _json(" ".join(sorted(sets.words)))
    for start, data in prefix_sets(sets, total).items():
        parts[(PREFIX_FOLDER, start)] = _json(data)
    for pair, positions in sets.pairs.items():
        parts[(PAIR_FOLDER, pair)] = _json(encode_positions(positions, total))
    for chunk in range(0, total, ROW_CHUNK):
        part = entries[chunk : chunk + ROW_CHUNK]
        rows = [[*e.row()[:5], _clip(e.shown, SHOWN_CHARS)] for e in part]
        parts[(ROW_FOLDER, str(chunk // ROW_CHUNK))] = _json(rows)
        parts[(TEXT_FOLDER, str(chunk // ROW_CHUNK))] = _json(sets.texts[chunk : chunk + ROW_CHUNK])
    digest = hashlib.sha256()
    for (folder, name), content in sorted(parts.items()):
        digest.update(f"{folder}/{name}\n{content}\n".encode())
    folder_id = digest.hexdigest()[:12]
    return folder_id, {
        f"{folder}/{folder_id}/{name}.json": content for (folder, name), content in parts.items()
    }


def _bits(positions: list[int]) -> int:
    """Positions as the bits of one integer (bit p set for position p): unions are one `|`."""
    bits = bytearray((positions[-1] >> 3) + 1 if positions else 0)
    for position in positions:
        bits[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(bits, "little")


def _from_bits(value: int) -> list[int]:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "little")
    return [i * 8 + b for i, byte in enumerate(raw) if byte for b in range(8) if byte >> b & 1]


def prefix_sets(sets: WordSets, total: int) -> dict[str, dict[str, object]]:
    """The sets of every beginning of a word that starts more than MAX_COMPLETIONS words.

    A reader still typing ("ng", "tr") means any word that starts so, as Pagefind's prefix
    search did: up to MAX_COMPLETIONS the search script unions the words' own files, beyond
    that it reads the beginning's file, the union written here: {"a", "s", "n"} like a word's.
    The vocabulary is a few thousand syllables, so these are at most a few thousand files.
    """
    vocabulary = sorted(sets.words)
    starts: dict[str, list[str]] = defaultdict(list)
    for word in vocabulary:
        for end in range(1, len(word)):
            starts[word[:end]].append(word)
    found: dict[str, dict[str, object]] = {}
    bits: dict[tuple[str, str], int] = {}

    def union(kind: str, table: dict[str, list[int]], words: list[str]) -> list[int]:
        value = 0
        for word in words:
            if (kind, word) not in bits:
                bits[(kind, word)] = _bits(table.get(word, []))
            value |= bits[(kind, word)]
        return _from_bits(value)

    for start, words in starts.items():
        if len(words) <= MAX_COMPLETIONS:
            continue
        if start in sets.words:
            words = [start, *words]  # the search script reads a whole word's own file
        every = union("a", sets.words, words)
        shown = union("s", sets.shown, words)
        data: dict[str, object] = {"a": encode_positions(every, total)}
        if shown != every:
            data["s"] = encode_positions(shown, total)
        named = union("n", sets.names, words)
        if named:
            data["n"] = encode_positions(named, total)
        found[start] = data
    return found


def facet_file(atoms: dict[tuple[str, str], list[int]], total: int) -> dict[str, dict]:
    """{facet: {value: its records}}: the search page counts, for each value, how many of
    the records a query finds it holds (what ticking it would leave), from one file."""
    facets: dict[str, dict] = {}
    for (facet, value), positions in sorted(atoms.items()):
        facets.setdefault(facet, {})[value] = encode_positions(positions, total)
    return facets


def _set_file(positions: list[int], entries: list[Entry]) -> dict:
    """One filter set: its size, its first records (people and groups come before decisions
    in the index), and all its positions, to page on and to intersect with another set."""
    return {
        "count": len(positions),
        "rows": [entries[p].row() for p in positions[:SET_ROWS]],
        "gaps": _positions(positions),
    }


def static_files(catalog: Catalog) -> dict[str, str]:
    """The files of `lookup/`: site path → content."""
    files: dict[str, str] = {}

    def put(folder: str, data: object) -> str:
        content = _json(data)
        digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]
        files[f"{folder}/{digest}.json"] = content
        return digest

    entries = name_entries(catalog)
    shard_list = [
        [shard[0].key, put(SHARD_FOLDER, [e.row() for e in shard])] for shard in shards(entries)
    ]
    values, phrases = dictionaries(catalog, entries)
    atoms, unions = filter_sets(entries, values)
    set_ids: dict[tuple[int, ...], str] = {}

    def set_id(positions: list[int]) -> str:
        key = tuple(positions)
        if key not in set_ids:
            set_ids[key] = put(SET_FOLDER, _set_file(positions, entries))
        return set_ids[key]

    filters: dict[str, dict[str, str]] = {}
    for (facet, value), positions in sorted(atoms.items()):
        filters.setdefault(facet, {})[value] = set_id(positions)
    facets = put(FACET_FOLDER, facet_file(atoms, len(entries)))
    terms = {
        "version": FORMAT_VERSION,
        "minPhraseWords": MIN_PHRASE_WORDS,
        "shardSize": SHARD_ENTRIES,
        "values": [[*value, set_id(union)] for value, union in zip(values, unions, strict=True)],
        "phrases": phrases,
        "filters": filters,
        "facets": facets,
        "shards": shard_list,
    }
    words_id, word_set_files = word_files(entries)
    files.update(word_set_files)
    terms["words"] = {
        "id": words_id,
        "total": len(entries),
        "chunk": ROW_CHUNK,
        "maxLetters": MAX_WORD_LETTERS,
        "completions": MAX_COMPLETIONS,
    }
    files[TERMS_FILE] = _json(terms)
    return files

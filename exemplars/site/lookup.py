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

Nothing here imports MkDocs; `build_hooks.on_files` adds the files to the build.
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_right
from dataclasses import dataclass

from exemplars import text
from exemplars.content.model import KIND_LABELS, UNIT_TYPE_LABELS
from exemplars.site.catalog import Catalog
from exemplars.site.pages import record_url
from exemplars.site.search import CAMPAIGN_KIND, DECISION_KIND, STORY_KIND, record_facts

FOLDER = "lookup"
TERMS_FILE = f"{FOLDER}/terms.json"
SHARD_FOLDER = f"{FOLDER}/n"
# 64 entries of about 250 bytes: one shard is 10–20 KB, and at 60,000 records the list of
# shards (their first keys) stays near 20 KB.
SHARD_ENTRIES = 64
# Summaries are cut to this many characters (at a word boundary) in the name index: enough
# for a one-line excerpt under a name hit, short enough to keep shards small.
TEXT_CHARS = 140
# A phrase of one word would take ordinary words away from the text search ("hoa" is a name
# as often as a place), so dictionary phrases have at least two words; years are the exception.
MIN_PHRASE_WORDS = 2
FORMAT_VERSION = 1

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

    def row(self) -> list[str]:
        return [self.key, self.name, self.url, self.kind, self.unit, self.text]


def name_entries(catalog: Catalog) -> list[Entry]:
    """Every published record's name (and every decision's number), sorted by key."""
    entries = []
    for exemplar in catalog.exemplars.values():
        entries.append(
            Entry(
                name_key(exemplar.name),
                exemplar.name,
                record_url("exemplars", exemplar.id),
                KIND_LABELS[exemplar.kind],
                catalog.unit_label(exemplar.unit),
                _clip(exemplar.summary or ""),
            )
        )
    for decision in catalog.commendations.values():
        entries.append(
            Entry(
                number_key(decision.number),
                f"Quyết định số {decision.number}",
                record_url("commendations", decision.id),
                DECISION_KIND,
                decision.issuer,
                _clip(decision.reason or ""),
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
            )
        )
    entries = [e for e in entries if e.key]
    entries.sort(key=lambda e: (e.key, e.name, e.url))
    return entries


def shards(entries: list[Entry], size: int = SHARD_ENTRIES) -> list[list[Entry]]:
    """The sorted entries cut into runs of `size`; a shard is found by its first key."""
    return [entries[i : i + size] for i in range(0, len(entries), size)]


def shard_for(first_keys: list[str], key: str) -> int:
    """The shard where `key` would sort: the last one whose first key is not after it.

    The search script does the same (its `shardFor`); matches for a prefix start there and
    may go on into the next shards.
    """
    return max(bisect_right(first_keys, key) - 1, 0)


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


def dictionaries(catalog: Catalog) -> tuple[list[list], dict[str, list[int]]]:
    """Facet values a query can name, and the folded phrases that name each of them.

    Returns (values, phrases). A value is [facet, label, filter values]: the filter values
    are exactly those of the `data-pagefind-filter` markup (`search.record_facts`) that the
    label stands for: one for an award, kind or year, the unit and the units it covers for a
    unit. Phrases map a folded phrase to the values it names (two units may share a short
    name: both are meant).
    """
    present: dict[tuple[str, str], None] = {}
    for view, keys in (("exemplar", catalog.exemplars), ("commendation", catalog.commendations)):
        for key in keys:
            facts = record_facts(catalog, view, key)
            for facet in ("unit", "award", "kind", "year"):
                for value in facts.filters.get(facet, []) if facts else []:
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
    return values, dict(sorted(phrases.items()))


def _json(data: object) -> str:
    """Compact JSON with <, > and & as \\u escapes: record text is never markup, anywhere."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def static_files(catalog: Catalog) -> dict[str, str]:
    """The files of `lookup/`: site path → content."""
    files: dict[str, str] = {}
    cut = shards(name_entries(catalog))
    shard_list = []
    for shard in cut:
        content = _json([entry.row() for entry in shard])
        digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]
        files[f"{SHARD_FOLDER}/{digest}.json"] = content
        shard_list.append([shard[0].key, digest])
    values, phrases = dictionaries(catalog)
    terms = {
        "version": FORMAT_VERSION,
        "minPhraseWords": MIN_PHRASE_WORDS,
        "values": values,
        "phrases": phrases,
        "shards": shard_list,
    }
    files[TERMS_FILE] = _json(terms)
    return files

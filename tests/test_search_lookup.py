"""Query understanding dictionaries and the sharded name index (exemplars/site/lookup.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from exemplars.site import lookup
from exemplars.site.lookup import Entry, name_key, number_key, shard_for, shards


def _terms(site: Path) -> dict:
    return json.loads((site / "lookup" / "terms.json").read_text(encoding="utf-8"))


def _shard_rows(site: Path) -> list[list[str]]:
    rows = []
    for _first, digest in _terms(site)["shards"]:
        rows += json.loads((site / "lookup" / "n" / f"{digest}.json").read_text("utf-8"))
    return rows


def _named(terms: dict, phrase: str) -> list[tuple[str, str]]:
    return [tuple(terms["values"][i][:2]) for i in terms["phrases"].get(phrase, [])]


def test_keys_fold_tones_tone_placement_and_dj():
    assert name_key("Đặng Văn Đức") == "dang van duc"
    assert name_key("Trần Thị Hoà") == name_key("Trần Thị Hòa") == name_key("TRAN thi  hoa")
    assert name_key("Đội phòng, chống dịch") == "doi phong chong dich"
    assert number_key("245/QĐ-UBND") == number_key("245/qd-ubnd") == "245/qdubnd"
    assert number_key("245 / QĐ UBND") == "245/qdubnd"


def test_units_are_named_by_full_and_short_name_folded(sample_site):
    terms = _terms(sample_site)
    assert _named(terms, "tra co") == [("unit", "Phường Trà Cổ")]
    assert _named(terms, "phuong tra co") == [("unit", "Phường Trà Cổ")]
    assert _named(terms, "hai hoa") == [("unit", "Phường Hải Hòa")]
    assert _named(terms, "giay khen") == [("award", "Giấy khen")]
    assert _named(terms, "tap the") == [("kind", "Tập thể")]
    assert _named(terms, "2021") == _named(terms, "nam 2021") == [("year", "2021")]
    # a family of awards by its first words: every "Bằng khen …" of the index
    families = _named(terms, "bang khen")
    assert families and all(v[1].startswith("Bằng khen") for v in families)
    # one word alone is never a phrase: it stays text ("hoa" is a name as often as a place)
    assert all(len(p.split()) >= 2 or p.isdigit() for p in terms["phrases"])


def test_a_unit_covers_the_units_under_it_and_merged_into_it(sample_site):
    terms = _terms(sample_site)
    city = next(v for v in terms["values"] if v[:2] == ["unit", "Thành phố Móng Cái"])
    assert {"Phường Trà Cổ", "Xã Hải Xuân", "Thành phố Móng Cái"} <= set(city[2])
    merged = [v for v in terms["values"] if v[:2] == ["unit", "Phường Móng Cái 1"]]
    assert merged and "Phường Trà Cổ" in merged[0][2]  # formed from Trà Cổ in 2025
    assert _named(terms, "mong cai 1") == [("unit", "Phường Móng Cái 1")]


def test_dictionary_values_are_the_filter_values_of_the_index(sample_site):
    terms = _terms(sample_site)
    facets = json.loads(
        (sample_site / "lookup" / "f" / f"{terms['facets']}.json").read_text(encoding="utf-8")
    )
    filters = {(facet, value) for facet, values in facets.items() for value in values}
    for facet, _label, covered, _set in terms["values"]:
        for value in covered:
            assert (facet, value) in filters, (facet, value)


def test_name_index_holds_every_published_record_sorted_and_no_draft(sample_site):
    rows = _shard_rows(sample_site)
    keys = [row[0] for row in rows]
    assert keys == sorted(keys, key=lookup.sort_key)
    assert not keys[0][0].isdigit() and keys[-1][0].isdigit()  # names, then decision numbers
    by_key = {row[0]: row for row in rows}
    assert by_key["dang van duc"][1:3] == ["Đặng Văn Đức", "exemplars/dang-van-duc/"]
    assert by_key["245/qdubnd"][1] == "Quyết định số 245/QĐ-UBND"
    assert by_key["245/qdubnd"][3] == "Quyết định"
    names = " ".join(row[1] for row in rows)
    for unpublished in ("Trịnh Văn Khoa", "Mai Thị Hạnh", "Lương Văn Kiên", "1350/QĐ-UBND"):
        assert unpublished not in names
    for row in rows:  # the excerpt text is whole words, never a word cut in half
        assert len(row[5]) <= lookup.TEXT_CHARS + 1
        if row[5].endswith("…"):
            assert not row[5][-2].isspace()


def _entries(keys: list[str]) -> list[Entry]:
    ordered = sorted(keys, key=lookup.sort_key)
    return [Entry(k, k, f"x/{i}/", "Cá nhân", "", "") for i, k in enumerate(ordered)]


def test_shards_are_small_and_a_prefix_starts_in_the_shard_shard_for_names():
    keys = [f"nguyen van {chr(97 + i % 26)}{i}" for i in range(1000)] + ["an", "tran thi hoa"]
    keys += [f"{i}/qdubnd" for i in range(300)]
    cut = shards(_entries(keys), size=64)
    assert all(len(s) <= 64 for s in cut)
    assert sum(len(s) for s in cut) == len(keys)
    first = [s[0].key for s in cut]
    for query in ("nguyen van c", "tran thi hoa", "an", "nguyen van z25", "12", "299/qd"):
        index = shard_for(first, query)
        # every key with the prefix sorts at or after the query: in this shard or the next
        matching = sorted(k for k in keys if k.startswith(query))
        assert matching
        later = [e.key for s in cut[index:] for e in s]
        assert later[: len(later)] and [k for k in later if k.startswith(query)] == matching
        assert not any(e.key.startswith(query) for s in cut[:index] for e in s)


def test_clip_cuts_between_words():
    source = "Trực chốt kiểm soát dịch " * 20
    clipped = lookup._clip(source, 50)
    assert clipped.endswith("…") and len(clipped) <= 51
    assert source.startswith(clipped[:-1] + " ")  # ends where a word ends


def _set(site: Path, digest: str) -> dict:
    return json.loads((site / "lookup" / "s" / f"{digest}.json").read_text(encoding="utf-8"))


def test_filter_sets_list_the_records_of_a_filter_value(sample_site):
    terms = _terms(sample_site)
    rows = _shard_rows(sample_site)
    tra_co = _set(sample_site, terms["filters"]["unit"]["Phường Trà Cổ"])
    positions, at = [], 0
    for gap in tra_co["gaps"]:
        at += gap
        positions.append(at)
    assert tra_co["count"] == len(positions) >= 3
    names = [rows[p][1] for p in positions]
    assert "Nguyễn Văn An" in names and "Trần Thị Hoà" in names
    assert "Quyết định số 245/QĐ-UBND" in names
    assert [r[1] for r in tra_co["rows"]] == names[: len(tra_co["rows"])]
    assert not tra_co["rows"][0][0][0].isdigit()  # people and groups first
    # a dictionary value's set is the union of the units it covers
    city = next(v for v in terms["values"] if v[:2] == ["unit", "Thành phố Móng Cái"])
    assert _set(sample_site, city[3])["count"] > tra_co["count"]
    giay_khen = _set(sample_site, terms["filters"]["award"]["Giấy khen"])
    assert giay_khen["count"] >= 5


# -- word sets (issue #16: a query's cost does not grow with its matches) ---------------------


def _word_entries(texts: list[tuple[str, str]]) -> list[Entry]:
    """Entries named and described as given, in the order given (positions 0, 1, …)."""
    return [
        Entry(name_key(name), name, f"x/{i}/", "Cá nhân", "Phường Trà Cổ", "", shown=shown)
        for i, (name, shown) in enumerate(texts)
    ]


def test_a_word_in_n_records_decodes_back_to_exactly_those_positions():
    import random

    rng = random.Random(16)
    for total in (1, 7, 8, 9, 100, 10_000):
        for count in {0, 1, total // 3, total - 1, total}:
            positions = sorted(rng.sample(range(total), max(count, 0)))
            encoded = lookup.encode_positions(positions, total)
            assert lookup.decode_positions(json.loads(lookup._json(encoded)), total) == positions


def test_a_common_word_is_a_bitmap_and_a_rare_one_a_list():
    total = 10_000
    every = lookup.encode_positions(list(range(total)), total)
    assert isinstance(every, str) and len(every) <= 4 * (total // 8 // 3 + 1)  # ≈ 1.7 KB
    rare = lookup.encode_positions([5, 4000, 9999], total)
    assert rare == [5, 3995, 5999]
    # whichever is written is the shorter of the two
    half = list(range(0, total, 2))
    assert len(lookup._json(lookup.encode_positions(half, total))) <= len(
        lookup._json(lookup._positions(half))
    )


def test_word_sets_fold_marks_and_keep_names_apart_from_text():
    entries = _word_entries(
        [
            ("Đội tiêm chủng lưu động", "Tiêm vắc-xin cho 3.000 người."),
            ("Nguyễn Văn An", "Trực chốt phòng, chống dịch 120 ngày."),
            ("Trần Thị Hoà", "Tham gia tiêm chủng và chống dịch; phòng bệnh."),
        ]
    )
    sets = lookup.word_sets(entries)
    assert sets.words["tiem"] == [0, 2] and sets.names["tiem"] == [0]
    assert sets.words["chung"] == [0, 2]
    assert sets.words["dich"] == [1, 2] and "dich" not in sets.names
    assert sets.words["hoa"] == [2]  # Hoà, Hòa and hoa are one word
    assert sets.words["tra"] == [0, 1, 2]  # the unit is text the result shows
    # adjacent pairs, punctuation between them or not
    assert sets.pairs["phong_chong"] == [1]
    assert sets.pairs["chong_dich"] == [1, 2]
    # record 2 has "phòng" and "chống dịch" but not "phòng, chống": never a phrase match
    assert 2 not in sets.pairs["phong_chong"]
    # a pair never spans two fields (the name's last word and the text's first)
    assert "dong_tiem" not in sets.pairs


def test_word_files_are_named_by_folded_words_under_one_content_hash():
    entries = _word_entries([("Lê Văn Đức", "Trực chốt."), ("Đỗ Thị Lan", "Tiêm chủng.")])
    folder_id, files = lookup.word_files(entries)
    assert re.fullmatch(r"[0-9a-f]{12}", folder_id)
    for path in files:
        assert re.fullmatch(r"lookup/[wprtx]/[0-9a-f]{12}/([a-z0-9_]+|_all)\.json", path), path
    vocabulary = json.loads(files[f"lookup/w/{folder_id}/_all.json"]).split(" ")
    assert vocabulary == sorted(vocabulary) and {"duc", "tiem", "chung", "tra"} <= set(vocabulary)
    assert not any(f"lookup/w/{folder_id}/{w}.json" not in files for w in vocabulary)
    duc = json.loads(files[f"lookup/w/{folder_id}/duc.json"])
    assert lookup.decode_positions(duc["a"], 2) == [0] == lookup.decode_positions(duc["n"], 2)
    rows = json.loads(files[f"lookup/r/{folder_id}/0.json"])
    assert [r[1] for r in rows] == ["Lê Văn Đức", "Đỗ Thị Lan"] and rows[1][5] == "Tiêm chủng."
    texts = json.loads(files[f"lookup/t/{folder_id}/0.json"])
    assert texts[1] == ["do thi lan", "phuong tra co", "tiem chung"]
    # another text, another folder: an old build's files are never mixed with a new one's
    changed = _word_entries([("Lê Văn Đức", "Trực chốt."), ("Đỗ Thị Lan", "Tiêm phòng.")])
    assert lookup.word_files(changed)[0] != folder_id


def test_word_sets_of_the_sample_site(sample_site):
    terms = _terms(sample_site)
    words = terms["words"]
    rows = _shard_rows(sample_site)
    assert words["total"] == len(rows)
    folder = sample_site / "lookup" / "w" / words["id"]

    def names_with(word: str) -> set[str]:
        data = json.loads((folder / f"{word}.json").read_text(encoding="utf-8"))
        return {rows[p][1] for p in lookup.decode_positions(data["a"], words["total"])}

    tiem = names_with("tiem")
    assert "Đội tiêm chủng lưu động, Trung tâm Y tế thành phố Móng Cái" in tiem
    assert "Nguyễn Văn An" in tiem  # "… vận động các hộ trong khu đi tiêm vắc xin …"
    assert "Đặng Văn Đức" not in tiem
    assert not (folder / "xyzzy.json").exists()
    # no draft or embargoed record is in any word set
    assert not (folder / "khoa.json").exists() or "Trịnh Văn Khoa" not in names_with("khoa")


def test_a_beginning_of_many_words_has_the_union_of_their_sets():
    """A fragment the reader is still typing ("th") means every word it starts; past
    MAX_COMPLETIONS words its own file holds their union, names and shown text apart."""
    starts = [f"th{chr(ord('a') + i)}" for i in range(lookup.MAX_COMPLETIONS + 1)]
    entries = _word_entries(
        [(f"Lê {word.title()}", f"Có {starts[-1 - i]} ở đây.") for i, word in enumerate(starts)]
        + [("Đỗ Thị Lan", "Tiêm chủng.")]
    )
    total = len(entries)
    sets = lookup.word_sets(entries)
    found = lookup.prefix_sets(sets, total)
    assert "t" in found and "th" in found  # "thi" (of Thị) makes 12 words start with "th"
    th = found["th"]
    every = lookup.decode_positions(th["a"], total)
    assert every == list(range(total))  # Lê Th…, and Đỗ Thị Lan
    assert lookup.decode_positions(th["n"], total) == list(range(total))
    # a beginning of few words has no file: the words' own files answer
    assert "tha" not in found and "ti" not in found
    folder_id, files = lookup.word_files(entries)
    assert json.loads(files[f"lookup/x/{folder_id}/th.json"]) == th


def test_facet_file_holds_every_value_of_every_facet(sample_site):
    terms = _terms(sample_site)
    total = terms["words"]["total"]
    facets = json.loads(
        (sample_site / "lookup" / "f" / f"{terms['facets']}.json").read_text(encoding="utf-8")
    )
    assert set(facets) == {"kind", "unit", "award", "campaign", "year"}
    rows = _shard_rows(sample_site)
    for facet, values in facets.items():
        assert set(values) == set(terms["filters"][facet])  # the values a reader can tick
        for value, data in values.items():
            set_file = json.loads(
                (sample_site / "lookup" / "s" / f"{terms['filters'][facet][value]}.json").read_text(
                    encoding="utf-8"
                )
            )
            positions = lookup.decode_positions(data, total)
            assert len(positions) == set_file["count"]  # the same records as its filter set
    tra_co = lookup.decode_positions(facets["unit"]["Phường Trà Cổ"], total)
    assert "Trần Thị Hoà" in {rows[p][1] for p in tra_co}

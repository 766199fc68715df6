"""Open data under /data/: JSON, CSV and the Data Package hold exactly the published records."""

from __future__ import annotations

import csv
import hashlib
import io
import json

from conftest import DECISION, EXEMPLAR, ROOT
from publishing_helpers import SITE_URL, published

EXEMPLAR_FIELDS = [
    "id",
    "name",
    "kind",
    "unit",
    "position",
    "organization",
    "sector",
    "campaigns",
    "summary",
    "url",
    "commendations",
    "first_published",
    "last_changed",
]


def load_json(site, name):
    return json.loads((site / "data" / name).read_text(encoding="utf-8"))


def load_csv(site, name) -> list[dict]:
    raw = (site / "data" / name).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{name} has no UTF-8 byte-order mark for Excel"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_exemplars_json_lists_published_exemplars_a_to_z(sample_site):
    from exemplars.site.build import Site

    items = load_json(sample_site, "exemplars.json")
    expected = published("exemplars")
    assert sorted(i["id"] for i in items) == sorted(expected)
    assert [i["id"] for i in items] == [e.id for e in Site(ROOT / "content").catalog.directory]
    for item in items:
        assert list(item) == EXEMPLAR_FIELDS
        assert item["name"] == expected[item["id"]]["name"]
        assert set(item["unit"]) == {"id", "name", "name_now"}
        assert item["url"] == f"{SITE_URL}exemplars/{item['id']}/"
        assert (sample_site / "exemplars" / item["id"] / "index.html").exists()
        for commendation in item["commendations"]:
            assert {"id", "number", "date", "issuer", "award"} <= set(commendation)
            assert commendation["status"] in ("valid", "revoked")


def test_unit_at_the_time_and_now(sample_site):
    an = next(i for i in load_json(sample_site, "exemplars.json") if i["id"] == "nguyen-van-an")
    assert an["unit"] == {"id": "tra-co", "name": "Phường Trà Cổ", "name_now": "Phường Móng Cái 1"}


def test_exemplar_commendations_are_the_published_decisions_naming_it(sample_site):
    decisions = published("commendations")
    naming: dict[str, set] = {}
    for decision_id, decision in decisions.items():
        for recipient in decision.get("recipients", []):
            if "exemplar" in recipient:
                naming.setdefault(recipient["exemplar"], set()).add(decision_id)
    for item in load_json(sample_site, "exemplars.json"):
        assert {c["id"] for c in item["commendations"]} == naming.get(item["id"], set())


def test_exemplars_csv_matches_the_json(sample_site):
    rows = load_csv(sample_site, "exemplars.csv")
    items = load_json(sample_site, "exemplars.json")
    assert [r["id"] for r in rows] == [i["id"] for i in items]
    for row, item in zip(rows, items, strict=True):
        assert row["name"] == item["name"] and row["summary"] == item["summary"]
        assert row["unit_name_now"] == item["unit"]["name_now"]


def test_commendations_csv_has_one_row_per_recipient_of_published_decisions(sample_site):
    decisions = published("commendations")
    rows = load_csv(sample_site, "commendations.csv")
    assert len(rows) == sum(len(d.get("recipients", [])) for d in decisions.values())
    # A decision that only revokes or corrects (spec v2) names no recipient: no row.
    assert {r["commendation_id"] for r in rows} == {
        i for i, d in decisions.items() if d.get("recipients")
    }
    for decision_id, decision in decisions.items():
        mine = [r for r in rows if r["commendation_id"] == decision_id]
        assert [r["exemplar_id"] or r["recipient_name"] for r in mine] == [
            rec.get("exemplar") or rec["name"] for rec in decision.get("recipients", [])
        ]


def test_campaigns_json(sample_site):
    campaigns = published("campaigns")
    items = load_json(sample_site, "campaigns.json")
    assert {c["id"] for c in items} == set(campaigns)
    decisions = published("commendations")
    for item in items:
        assert {c["id"] for c in item["commendations"]} == {
            d for d, v in decisions.items() if v.get("campaign") == item["id"]
        }


def test_datapackage_describes_every_file_exactly(sample_site):
    package = load_json(sample_site, "datapackage.json")
    assert package["profile"] == "data-package"
    names = {r["path"] for r in package["resources"]}
    assert names == {"exemplars.json", "exemplars.csv", "commendations.csv", "campaigns.json"}
    for resource in package["resources"]:
        data = (sample_site / "data" / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        fields = [f["name"] for f in resource["schema"]["fields"]]
        assert all(f["description"] for f in resource["schema"]["fields"])
        if resource["format"] == "csv":
            assert list(load_csv(sample_site, resource["path"])[0]) == fields
        else:
            first = load_json(sample_site, resource["path"])[0]
            assert list(first) == fields


def test_drafts_and_awkward_values_in_a_small_tree(tree, built):
    tree.minimal()
    tricky = 'Tổ "Km 15", bến tàu\nDân Tiến'
    tree.write(
        "exemplars/to-km-15.md",
        EXEMPLAR.replace("Nguyễn Văn An", "Tổ Km 15").replace("individual", "collective")
        + f"organization: {json.dumps(tricky, ensure_ascii=False)}\n",
    )
    tree.write(
        "exemplars/nhap.md", EXEMPLAR.replace("Nguyễn Văn An", "Bản Nháp") + "status: draft\n"
    )
    tree.write(
        "commendations/9-qd-ubnd-nhap.md", DECISION.replace("245/", "9/") + "status: draft\n"
    )
    site = built(tree)
    items = load_json(site, "exemplars.json")
    assert [i["id"] for i in items] == ["nguyen-van-an", "to-km-15"]
    rows = load_csv(site, "exemplars.csv")
    assert rows[1]["organization"] == tricky
    assert len(load_csv(site, "commendations.csv")) == 1
    assert "Bản Nháp" not in (site / "data" / "campaigns.json").read_text(encoding="utf-8")

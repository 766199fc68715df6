"""The web editor's Decap config is the record model seen as forms: every required field of
the model is a required widget, every allowed value list is the select's options, and the
editor writes where the build reads."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from exemplars.content.model import (
    Kind,
    LegalBasis,
    Recipient,
    Status,
    meta,
)
from exemplars.editor import decap
from exemplars.types import RECORD_TYPES as REGISTRY

RECORD_TYPES = {t.folder: t.model for t in REGISTRY}

UNITS, VOCABULARIES, PROBLEMS = decap.load_registries(ROOT / "content")
CONFIG = decap.build_config(UNITS, VOCABULARIES)
NESTED = {"recipients": Recipient, "basis": LegalBasis}


def collection(name: str) -> dict:
    return next(c for c in CONFIG["collections"] if c["name"] == name)


def widgets(fields: list[dict]) -> dict[str, dict]:
    return {widget["name"]: widget for widget in fields}


def forms():
    """(where, model, its widgets) for every form Decap shows, nested lists included."""
    for kind, model in RECORD_TYPES.items():
        fields = widgets(collection(kind)["fields"])
        yield kind, model, fields
        for name, nested in NESTED.items():
            if name in fields:
                yield f"{kind}.{name}", nested, widgets(fields[name]["fields"])


def option_values(widget: dict) -> list[str]:
    return [option["value"] for option in widget["options"]]


def test_registries_load_cleanly():
    assert not [p for p in PROBLEMS if p.is_error]


def test_one_collection_per_content_folder():
    assert [c["name"] for c in CONFIG["collections"]] == list(RECORD_TYPES)
    for kind in RECORD_TYPES:
        entry = collection(kind)
        assert entry["folder"] == f"content/{kind}"
        assert entry["create"] is True
        assert entry["extension"] == "md"
        assert entry["format"] == "frontmatter"
        assert entry["fields"][-1] == {
            "name": "body",
            "label": "Nội dung",
            "widget": "markdown",
            "required": False,
            "hint": entry["fields"][-1]["hint"],
        }


@pytest.mark.parametrize("where, model, fields", list(forms()), ids=lambda v: str(v)[:30])
def test_widgets_match_model_fields_and_requiredness(where, model, fields):
    fields = {name: widget for name, widget in fields.items() if name != "body"}
    assert set(fields) == set(model.model_fields), where
    for name, info in model.model_fields.items():
        widget = fields[name]
        assert widget["required"] is info.is_required(), f"{where}.{name}"
        assert widget["label"] == meta(model, name).label
        assert widget["hint"], f"{where}.{name} has no hint"
        if name != "status" and name != "recipients":
            assert widget["hint"] == info.description


def test_literal_fields_offer_exactly_the_allowed_values():
    for where, _, fields in forms():
        for name in ("kind", "status"):
            if name in fields:
                allowed = list(typing.get_args(Kind if name == "kind" else Status))
                assert fields[name]["widget"] == "select"
                assert option_values(fields[name]) == allowed, f"{where}.{name}"


def test_vocabulary_and_unit_fields_offer_exactly_the_registry_ids():
    expected = {
        "award": list(VOCABULARIES.awards),
        "type": list(VOCABULARIES.types),
        "sector": list(VOCABULARIES.sectors),
        "unit": [unit.id for unit in UNITS],
    }
    seen = set()
    for where, _, fields in forms():
        for name, ids in expected.items():
            if name in fields:
                seen.add(name)
                assert fields[name]["widget"] == "select"
                assert option_values(fields[name]) == ids, f"{where}.{name}"
    assert seen == set(expected)
    labels = {
        o["value"]: o["label"]
        for o in widgets(collection("commendations")["fields"])["award"]["options"]
    }
    assert labels["giay-khen"] == "Giấy khen"


def test_references_are_relations_to_the_right_collection():
    exemplar = widgets(collection("exemplars")["fields"])
    story = widgets(collection("stories")["fields"])
    decision = widgets(collection("commendations")["fields"])
    recipient = widgets(decision["recipients"]["fields"])
    for widget, target, multiple in [
        (exemplar["campaigns"], "campaigns", True),
        (story["exemplars"], "exemplars", True),
        (story["campaign"], "campaigns", False),
        (decision["campaign"], "campaigns", False),
        (recipient["exemplar"], "exemplars", False),
    ]:
        assert widget["widget"] == "relation"
        assert widget["collection"] == target
        assert widget["value_field"] == "{{slug}}"  # the file name is the id
        assert widget.get("multiple", False) is multiple


def test_dates_are_stored_as_iso_dates():
    dates = [
        (where, name, widget)
        for where, model, fields in forms()
        for name, widget in fields.items()
        if name in model.model_fields and decap._is(model.model_fields[name].annotation, decap.date)
    ]
    assert {f"{where}.{name}" for where, name, _ in dates} >= {
        "commendations.date",
        "campaigns.start",
        "campaigns.end",
        "stories.date",
        "campaigns.basis.date",
        "exemplars.publish_date",
    }
    for _, _, widget in dates:
        assert widget["widget"] == "datetime"
        assert widget["format"] == "YYYY-MM-DD"
        assert widget["time_format"] is False


def test_new_entries_start_as_drafts():
    for kind in RECORD_TYPES:
        status = widgets(collection(kind)["fields"])["status"]
        assert status["default"] == "draft"
        assert status["required"] is False


def test_portrait_is_an_image_with_consent_beside_it():
    names = [widget["name"] for widget in collection("exemplars")["fields"]]
    fields = widgets(collection("exemplars")["fields"])
    assert fields["portrait"]["widget"] == "image"
    assert fields["photo_consent"]["widget"] == "boolean"
    assert names.index("photo_consent") == names.index("portrait") + 1
    assert widgets(collection("stories")["fields"])["image"]["widget"] == "image"


def test_recipients_need_at_least_one():
    recipients = widgets(collection("commendations")["fields"])["recipients"]
    assert recipients["widget"] == "list"
    assert recipients["required"] is True and recipients["min"] == 1


def test_files_land_where_the_build_reads_them():
    assert CONFIG["locale"] == "vi"
    assert CONFIG["backend"] == {
        "name": "proxy",
        "proxy_url": decap.LOCAL_PROXY_URL,
        "branch": "main",
    }
    assert CONFIG["local_backend"] == {"url": decap.LOCAL_PROXY_URL}
    assert CONFIG["media_folder"] == "content/media"
    assert CONFIG["public_folder"] == "/media"  # the check resolves /media/x.jpg in content/
    assert CONFIG["slug"] == {
        "encoding": "ascii",
        "clean_accents": True,
        "sanitize_replacement": "-",
    }


def test_every_form_field_has_a_vietnamese_label():
    for model in [*RECORD_TYPES.values(), *NESTED.values()]:
        for name in model.model_fields:
            assert meta(model, name).label != name, f"{model.__name__}.{name}"


def test_cli_writes_the_same_config(tmp_path: Path):
    out = tmp_path / "admin" / "config.yml"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "exemplars",
            "decap-config",
            "--out",
            str(out),
            "--dir",
            str(ROOT / "content"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == CONFIG
    printed = subprocess.run(
        [sys.executable, "-m", "exemplars", "decap-config", "--dir", str(ROOT / "content")],
        capture_output=True,
        text=True,
    )
    assert printed.stdout == out.read_text(encoding="utf-8")
    assert "&id" not in printed.stdout  # no YAML anchors


def test_admin_is_off_unless_asked_for():
    assert decap.admin_backend(None, {}) is None
    assert decap.admin_backend({}, {"BANGVANG_ADMIN": "no"}) is None
    local = decap.admin_backend(
        None, {"BANGVANG_ADMIN": "local", "BANGVANG_PROXY_URL": "http://127.0.0.1:9/api/v1"}
    )
    assert local.config() == {
        "name": "proxy",
        "proxy_url": "http://127.0.0.1:9/api/v1",
        "branch": "main",
    }
    gitea = decap.admin_backend(
        {
            "backend": {
                "name": "gitea",
                "repo": "ttvh/bang-vang",
                "base_url": "https://git.example.vn",
                "app_id": "abc",
            }
        },
        {},
    )
    config = decap.build_config(UNITS, VOCABULARIES, gitea)
    assert config["backend"]["name"] == "gitea"
    assert "local_backend" not in config
    with pytest.raises(ValueError, match="backend"):
        decap.admin_backend({"repo": "x"}, {})


def test_production_build_has_no_admin(sample_site: Path):
    assert not (sample_site / "admin").exists()


def test_missing_decap_names_the_command_that_installs_it(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="make editor"):
        decap.admin_files(UNITS, VOCABULARIES, decap.Backend.local(), tmp_path)


def test_published_admin_page_carries_its_content_security_policy():
    """/admin/ for a git host is a published page: it carries the editor's CSP in a <meta>
    (Decap needs eval, nothing else is loosened); the local editor sends its own header."""
    from exemplars import policy

    page = decap.admin_page(decap.Backend("gitea", {"repo": "trung-tam/bang-vang"}))
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert meta is not None
    assert html.unescape(meta.group(1)) == policy.admin_policy()
    assert "object-src 'none'" in policy.admin_policy()
    assert "8081" not in policy.admin_policy()
    assert page.index("Content-Security-Policy") < page.index("<script")
    local = decap.admin_page(decap.Backend.local())
    assert "Content-Security-Policy" not in local and '<script src="decap-cms.js">' in local

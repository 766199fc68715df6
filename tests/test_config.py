"""mkdocs.yml stays sound: YAML keeps only the last of two equal keys, silently."""

from __future__ import annotations

from conftest import ROOT

from exemplars.content.load import parse_yaml


def test_mkdocs_yml_has_no_key_written_twice():
    _, _, duplicates = parse_yaml((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert duplicates == [], duplicates


def test_every_extra_script_and_stylesheet_exists():
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for path in config.get("extra_javascript", []) + config.get("extra_css", []):
        assert (ROOT / "overrides" / path).is_file() or (ROOT / "content" / path).is_file(), path

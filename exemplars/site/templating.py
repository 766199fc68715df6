"""Templating: the one Jinja environment every page, chart and fragment renders through.

Autoescaping is on for every template and string, and undefined values fail loudly. Kept
apart from `render` so that `charts` (and anything else that fills a template) needs no
page renderer.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from exemplars import text
from exemplars.content.model import KIND_LABELS, RANK_LABELS, UNIT_TYPE_LABELS, country_names
from exemplars.site.catalog import KIND_ORDER


@cache
def environment() -> Environment:
    """Compiled once per process: templates are parsed on first use and cached."""
    env = Environment(
        loader=PackageLoader("exemplars", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Not a stat() of every template file on every page: `Renderer` checks once per build.
        auto_reload=False,
    )
    env.filters["date"] = lambda d: text.format_date(d) if d else ""
    env.filters["date_after"] = lambda d: text.format_date(d + timedelta(days=1)) if d else ""
    env.filters["date_long"] = lambda d: text.format_date_long(d) if d else ""
    env.globals["KIND_LABELS"] = KIND_LABELS
    env.globals["KIND_ORDER"] = KIND_ORDER
    env.globals["UNIT_TYPE_LABELS"] = UNIT_TYPE_LABELS
    env.globals["RANK_LABELS"] = RANK_LABELS
    # A decision lists collectives first, then individuals, then households (as printed).
    env.globals["RECIPIENT_GROUPS"] = ("collective", "individual", "household")
    env.globals["document_kind"] = text.document_kind
    env.globals["about_clause"] = text.about_clause
    env.globals["country_name"] = lambda code: country_names().get(code or "", code or "")
    return env


def forget_changed_templates(env: Environment) -> None:
    """Templates edited since the last build (`mkdocs serve`) are compiled again."""
    cache = env.cache
    if cache is None:
        return
    for key, template in list(cache.items()):
        if not template.is_up_to_date:
            del cache[key]


def source(name: str) -> str:
    """A template's text, for an environment other than this one (the theme's: see
    build_hooks.SharedPartials)."""
    env = environment()
    assert env.loader is not None
    return env.loader.get_source(env, name)[0]

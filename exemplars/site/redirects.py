"""Old addresses keep working: each `aliases` id of an exemplar redirects to its page.

A redirect is a small static HTML file at the old URL (`exemplars/<alias>/index.html`)
with a meta refresh, a canonical link and a visible link, so it works on any static host.
"""

from __future__ import annotations

from exemplars.policy import site_policy
from exemplars.site.catalog import Catalog
from exemplars.site.links import absolute_url
from exemplars.site.pages import record_url, relative_url


def redirect_pages(catalog: Catalog, site_url: str = "") -> dict[str, str]:
    """Site path → HTML for every alias of a published exemplar that is not a live id."""
    from exemplars.site.render import environment

    template = environment().get_template("_redirect.html")
    pages: dict[str, str] = {}
    for exemplar in catalog.directory:
        new_url = record_url("exemplars", exemplar.id)
        for alias in exemplar.aliases:
            if alias in catalog.exemplars:
                continue
            old_url = record_url("exemplars", alias)
            pages[f"{old_url}index.html"] = template.render(
                title=exemplar.name,
                target=relative_url(new_url, old_url),
                canonical=absolute_url(site_url, new_url),
                csp=site_policy(),
            )
    return pages

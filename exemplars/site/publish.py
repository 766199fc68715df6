"""What a build publishes besides the pages: open data, the feed, redirects, head meta.

`build_hooks.py` calls these; they take the engine's `Site` and return text, nothing here
touches MkDocs or the file system beyond finding a record's image.
"""

from __future__ import annotations

from markupsafe import Markup

from exemplars.site.build import Site
from exemplars.site.feed import FEED_PATH, feed_xml
from exemplars.site.links import absolute_url, plain_excerpt
from exemplars.site.opendata import OpenData
from exemplars.site.redirects import redirect_pages
from exemplars.site.render import environment
from exemplars.site.structured import StructuredData, script_json


def static_files(site: Site, site_description: str = "") -> dict[str, str]:
    """Site path → content of every generated non-page file."""
    settings = site.settings
    files = OpenData(
        site.catalog, settings.site_url, settings.site_name, settings.media_center
    ).files()
    if settings.site_url:
        files[FEED_PATH] = feed_xml(
            site.catalog, settings.site_url, settings.site_name, site_description
        )
    files.update(redirect_pages(site.catalog, settings.site_url))
    return files


def preview_image(site: Site, view: str, key: str) -> tuple[str | None, str | None]:
    """Absolute URL and alt text of the image a share preview shows, if any.

    An individual's portrait is shown only with `photo_consent: true` (the spec's rule).
    """
    published = None
    alt: str | None = None
    media = site.renderer.media
    if view == "exemplar":
        exemplar = site.catalog.exemplars[key]
        if exemplar.kind != "individual" or exemplar.photo_consent:
            published = media.portrait(exemplar)
            alt = exemplar.portrait_alt or exemplar.name
    elif view == "story":
        story = site.catalog.stories[key]
        published = media.image(story)
        alt = story.image_alt or story.title
    # The re-encoded copy without metadata: originals are never published.
    image = published.largest.path if published else None
    if image is None or not site.settings.site_url:
        return None, None
    return absolute_url(site.settings.site_url, image), alt


def head_html(site: Site, src_uri: str) -> Markup | None:
    """JSON-LD and Open Graph/Twitter meta for one engine page; None for editors' pages."""
    spec = site.spec(src_uri)
    if spec is None:
        return None
    settings = site.settings
    structured = StructuredData(
        site.catalog, settings.site_url, settings.site_name, settings.media_center
    )
    image, alt = preview_image(site, spec.view, spec.key)
    data = structured.for_page(spec, image)
    description = site.description(spec)
    if description is None and spec.view == "story":
        description = plain_excerpt(site.catalog.stories[spec.key].body)
    return Markup(
        environment()
        .get_template("_head.html")
        .render(
            meta=structured.preview(spec, description, image, alt),
            json_ld=script_json(data) if data else None,
        )
    )

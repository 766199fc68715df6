"""The RSS 2.0 feed: the newest stories and decisions, with an Atom self link.

Built with ElementTree, so every value is escaped as XML. Dates are the records' own days
(Vietnam time), and the channel's build date is the newest item's, so the feed is the same
bytes for the same content, whenever it is built.

Every text in the feed is plain text: an RSS `description` is read as HTML by feed readers,
so it is HTML-escaped once more (a `<img …>` in a decision's reason reaches the reader as
the characters, never as a tag), and characters XML 1.0 cannot hold (C0 controls but tab and
newline, lone surrogates, U+FFFE/U+FFFF) are dropped, so no value makes the feed ill-formed.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime

from exemplars import text
from exemplars.content.model import Commendation
from exemplars.site.catalog import Catalog
from exemplars.site.links import absolute_url, plain_excerpt
from exemplars.site.pages import record_url

FEED_PATH = "feed.xml"
FEED_SIZE = 30
ATOM = "http://www.w3.org/2005/Atom"
VIETNAM = timezone(timedelta(hours=7), "ICT")
# What XML 1.0 cannot carry at all (even escaped): C0 controls but tab, newline and carriage
# return, the surrogates and U+FFFE/U+FFFF. C1 controls are legal XML but never text: dropped.
_NOT_XML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    """`value` with every character XML 1.0 cannot hold removed (ElementTree escapes the rest)."""
    return _NOT_XML_TEXT.sub("", value)


def plain_description(value: str) -> str:
    """Plain text for an RSS description, which readers parse as HTML: escaped as HTML once
    more, so markup in a record is shown as its characters and never becomes a tag."""
    return html.escape(" ".join(xml_text(value).split()), quote=False)


@dataclass(frozen=True)
class FeedItem:
    title: str
    path: str
    day: date
    description: str
    category: str


def rfc822(day: date) -> str:
    """RFC 822 date of the start of `day` in Vietnam time: "Mon, 11 Oct 2021 00:00:00 +0700"."""
    return format_datetime(datetime(day.year, day.month, day.day, tzinfo=VIETNAM))


def items(catalog: Catalog, limit: int = FEED_SIZE) -> list[FeedItem]:
    """Newest first: stories and decisions by date; on the same day, stories first."""
    found: list[tuple[tuple, FeedItem]] = []
    for story in catalog.stories_newest[:limit]:
        found.append(
            (
                (story.date, 1, story.id),
                FeedItem(
                    story.title,
                    record_url("stories", story.id),
                    story.date,
                    plain_excerpt(story.body),
                    "Tin bài",
                ),
            )
        )
    for decision in catalog.decisions_newest[:limit]:
        found.append(((decision.date, 0, decision.id), _decision_item(catalog, decision)))
    found.sort(key=lambda pair: pair[0], reverse=True)
    return [item for _, item in found[:limit]]


def _decision_item(catalog: Catalog, decision: Commendation) -> FeedItem:
    """A decision as the paper reads, and marked when it was revoked or corrected later."""
    honorees = catalog.honorees_of[decision.id]
    if decision.award:
        title = f"Quyết định số {decision.number}: {catalog.award_label(decision)}"
        lead = f"{decision.issuer} khen thưởng {len(honorees)} người nhận."
    else:
        targets = catalog.revoked_targets(decision) or catalog.corrections(decision)
        verb = "Hủy bỏ" if decision.revokes else "Đính chính"
        numbers = ", ".join(f"Quyết định số {t.number}" for t in targets)
        title = f"Quyết định số {decision.number}: {verb.lower()} {numbers}".rstrip()
        lead = f"{decision.issuer}: {verb.lower()} {numbers}.".replace(" .", ".")
    notes = []
    revoked = catalog.revoked_whole.get(decision.id)
    if revoked is not None:
        notes.append(
            f"Đã bị hủy bỏ theo Quyết định số {revoked.number} ngày "
            f"{text.format_date(revoked.date)}."
        )
    partly = [h for h in honorees if h.revoked_by and revoked is None]
    if partly:
        notes.append(f"{len(partly)} người nhận đã bị hủy bỏ khen thưởng.")
    for correction in catalog.corrected_by.get(decision.id, []):
        notes.append(
            f"Đã được đính chính theo Quyết định số {correction.number} ngày "
            f"{text.format_date(correction.date)}."
        )
    return FeedItem(
        title,
        record_url("commendations", decision.id),
        decision.date,
        " ".join([lead, decision.reason, *notes]),
        "Quyết định khen thưởng",
    )


def feed_xml(catalog: Catalog, site_url: str, site_name: str, description: str = "") -> str:
    """The whole feed document; needs `site_url`, since feed readers need absolute links."""
    return feed_document(items(catalog), site_url, site_name, description)


def feed_document(
    entries: list[FeedItem], site_url: str, site_name: str, description: str = ""
) -> str:
    """The RSS document of `entries`, every value plain text that XML can hold."""
    if not site_url:
        raise ValueError("site_url is required for a feed")
    ET.register_namespace("atom", ATOM)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    site_name = xml_text(site_name)
    ET.SubElement(channel, "title").text = site_name
    ET.SubElement(channel, "link").text = absolute_url(site_url, "")
    ET.SubElement(channel, "description").text = plain_description(
        description or f"Tin bài và quyết định khen thưởng mới trên {site_name}"
    )
    ET.SubElement(channel, "language").text = "vi"
    ET.SubElement(
        channel,
        f"{{{ATOM}}}link",
        {
            "href": absolute_url(site_url, FEED_PATH),
            "rel": "self",
            "type": "application/rss+xml",
        },
    )
    if entries:
        ET.SubElement(channel, "lastBuildDate").text = rfc822(max(e.day for e in entries))
    for entry in entries:
        item = ET.SubElement(channel, "item")
        link = absolute_url(site_url, entry.path)
        ET.SubElement(item, "title").text = xml_text(entry.title)
        ET.SubElement(item, "link").text = xml_text(link)
        ET.SubElement(item, "guid", {"isPermaLink": "true"}).text = xml_text(link)
        ET.SubElement(item, "pubDate").text = rfc822(entry.day)
        ET.SubElement(item, "category").text = xml_text(entry.category)
        ET.SubElement(item, "description").text = plain_description(entry.description)
    ET.indent(rss)
    return ET.tostring(rss, encoding="unicode", xml_declaration=True) + "\n"

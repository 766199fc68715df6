"""Structured data and link previews: schema.org JSON-LD, Open Graph and Twitter meta.

Pure functions of the Catalog and a page spec. JSON-LD is serialised as `json.dumps` does
(`jsontext`) and then has `<`, `>` and `&` written as \\u escapes, so no value (a name
holding `</script>`) can end the script block; meta values go through the autoescaping
`_head.html` template.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from exemplars import text
from exemplars.content.model import Commendation, Exemplar, Story
from exemplars.site import jsontext
from exemplars.site.catalog import Catalog
from exemplars.site.links import RecordAddresses, absolute_url, plain_excerpt
from exemplars.site.pages import PageSpec

SCHEMA = "https://schema.org"


def script_json(data: Any) -> Markup:
    """JSON for inside <script>: valid JSON that cannot close or comment out the element."""
    return Markup(jsontext.script_safe(jsontext.dumps(data, indent=1)))


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


class StructuredData(RecordAddresses):
    """JSON-LD and preview meta for the pages of one build."""

    catalog: Catalog

    def _publisher(self) -> dict[str, Any] | None:
        if not self.publisher:
            return None
        return {"@type": "Organization", "name": self.publisher}

    def _exemplar_ref(self, exemplar: Exemplar) -> dict[str, Any]:
        kind = "Person" if exemplar.kind == "individual" else "Organization"
        return {"@type": kind, "name": exemplar.name, "url": self._url("exemplars", exemplar.id)}

    # -- per record -------------------------------------------------------------------------

    def exemplar(self, exemplar: Exemplar, image: str | None = None) -> dict[str, Any]:
        """A Person (individual) or Organization (collective, household) with its awards."""
        # Only awards still in force: a revoked one stays on the page, marked, not here.
        awards = [
            f"{'Truy tặng ' if h.posthumous else ''}"
            f"{self.catalog.award_label(h.decision, h.rank)} — Quyết định số "
            f"{h.decision.number} ngày {text.format_date(h.decision.date)} của "
            f"{h.decision.issuer}"
            for h in self.catalog.honors_of.get(exemplar.id, [])
            if h.decision.award and not h.revoked_by
        ]
        unit = self.catalog.units.get(exemplar.unit)
        place = None
        if unit:
            place = {
                "@type": "AdministrativeArea",
                "name": unit.name,
                "url": absolute_url(self.site_url, f"units/{unit.id}/"),
            }
        data: dict[str, Any] = {
            "@context": SCHEMA,
            **self._exemplar_ref(exemplar),
            "@id": self._url("exemplars", exemplar.id) + "#guong",
            "description": exemplar.summary,
            "award": awards,
            "image": image,
            "sameAs": (
                [f"https://www.wikidata.org/wiki/{exemplar.wikidata}"]
                if exemplar.wikidata
                else None
            ),
        }
        if exemplar.kind == "individual":
            data["jobTitle"] = exemplar.position
            if exemplar.organization:
                data["worksFor"] = {"@type": "Organization", "name": exemplar.organization}
            data["homeLocation"] = place
        else:
            data["location"] = place
        data["subjectOf"] = [
            {
                "@type": "Legislation",
                "name": f"Quyết định số {h.decision.number}",
                "legislationDate": h.decision.date.isoformat(),
                "url": self._url("commendations", h.decision.id),
            }
            for h in self.catalog.honors_of.get(exemplar.id, [])
        ]
        return _drop_empty(data)

    def commendation(self, decision: Commendation) -> dict[str, Any]:
        """A decision as a schema.org Legislation (an enforceable legal document)."""
        recipients = []
        for honoree in self.catalog.honorees_of[decision.id]:
            if honoree.exemplar:
                recipients.append(self._exemplar_ref(honoree.exemplar))
            else:
                kind = "Person" if honoree.kind == "individual" else "Organization"
                recipients.append({"@type": kind, "name": honoree.name})
        award = self.catalog.award_label(decision) if decision.award else None
        return _drop_empty(
            {
                "@context": SCHEMA,
                "@type": "Legislation",
                "@id": self._url("commendations", decision.id) + "#quyet-dinh",
                "name": f"Quyết định số {decision.number}",
                "legislationIdentifier": decision.number,
                "legislationType": "Quyết định khen thưởng",
                "legislationDate": decision.date.isoformat(),
                "legislationPassedBy": {"@type": "Organization", "name": decision.issuer},
                "inLanguage": "vi",
                "url": self._url("commendations", decision.id),
                "abstract": decision.subject_line or decision.reason,
                "legislationChanges": [
                    {"@id": self._url("commendations", target.id) + "#quyet-dinh"}
                    for target in (
                        self.catalog.revoked_targets(decision) + self.catalog.corrections(decision)
                    )
                ],
                "keywords": award,
                "about": recipients,
            }
        )

    def story(self, story: Story, image: str | None = None) -> dict[str, Any]:
        url = self._url("stories", story.id)
        about = [
            self._exemplar_ref(self.catalog.exemplars[i])
            for i in story.exemplars
            if i in self.catalog.exemplars
        ]
        author = {"@type": "Person", "name": story.author} if story.author else None
        publisher = self._publisher()
        if story.source:
            publisher = {"@type": "Organization", "name": story.source}
        return _drop_empty(
            {
                "@context": SCHEMA,
                "@type": "NewsArticle",
                "@id": url + "#bai",
                "headline": story.title,
                "datePublished": story.date.isoformat(),
                "inLanguage": "vi",
                "url": url,
                "mainEntityOfPage": url,
                "description": plain_excerpt(story.body),
                "author": author,
                "publisher": publisher,
                "image": image,
                "about": about,
            }
        )

    def for_page(self, spec: PageSpec, image: str | None = None) -> dict[str, Any] | None:
        data: dict[str, Any] | None = None
        if spec.view == "exemplar":
            data = self.exemplar(self.catalog.exemplars[spec.key], image)
        elif spec.view == "commendation":
            data = self.commendation(self.catalog.commendations[spec.key])
        elif spec.view == "story":
            data = self.story(self.catalog.stories[spec.key], image)
        if data is not None:
            self._add_dates(data, spec)
        return data

    def _add_dates(self, data: dict[str, Any], spec: PageSpec) -> None:
        """The record's dates from its file's history: on the work itself (a decision, a
        story), or on the page about a person or collective (which has no dates of its own)."""
        dates = self.catalog.dates.get(spec.src_uri[: -len(".md")])
        if dates is None:
            return
        if data.get("@type") in ("Person", "Organization"):
            data["mainEntityOfPage"] = {
                "@type": "WebPage",
                "url": data.get("url"),
                "datePublished": dates.first.isoformat(),
                "dateModified": dates.last.isoformat(),
            }
        else:
            data["dateModified"] = dates.last.isoformat()
            data.setdefault("datePublished", dates.first.isoformat())

    # -- previews ---------------------------------------------------------------------------

    def preview(
        self,
        spec: PageSpec,
        description: str | None,
        image: str | None = None,
        image_alt: str | None = None,
    ) -> dict[str, str]:
        """Open Graph and Twitter values for a page; the template escapes them."""
        og_type = {"story": "article", "exemplar": "profile"}.get(spec.view, "website")
        data = {
            "og:type": og_type,
            "og:title": spec.title,
            "og:site_name": self.site_name,
            "og:locale": "vi_VN",
            "og:description": description or "",
            "og:url": absolute_url(self.site_url, spec.url) if self.site_url else "",
            "og:image": image or "",
            "og:image:alt": (image_alt or spec.title) if image else "",
            "twitter:card": "summary_large_image" if image else "summary",
            "twitter:title": spec.title,
            "twitter:description": description or "",
            "twitter:image": image or "",
        }
        if spec.view == "story":
            data["article:published_time"] = self.catalog.stories[spec.key].date.isoformat()
        return {k: v for k, v in data.items() if v}

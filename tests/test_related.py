"""The "Related pearls" of a pearl page: the three sharing most topics and references."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from types import SimpleNamespace

from generator.citations import Citation, CitationGroup
from generator.content.model import Pearl
from generator.diagnostics import Position
from generator.site.model import SiteModel, SiteOptions, SitePearl

AS_OF = dt.date(2030, 1, 1)


def pearl(slug: str, day: int, topics: list[str], keys: list[str] = ()) -> Pearl:
    citations = tuple(Citation(key, None, Position()) for key in keys)
    return Pearl(
        path=Path(f"{slug}.md"),
        slug=slug,
        title=slug,
        date=dt.date(2026, 1, 1) + dt.timedelta(days=day),
        authors=["A"],
        summary="s",
        topics=topics,
        citation_groups=[CitationGroup(citations, 0, 1, Position())] if citations else [],
    )


def model(pearls: list[Pearl]) -> SiteModel:
    project = SimpleNamespace(pearls=pearls, topics={})
    return SiteModel(project, SiteOptions(as_of=AS_OF))  # type: ignore[arg-type]


def related(site: SiteModel, slug: str) -> list[str]:
    item = next(item for item in site.pearls if item.slug == slug)
    return [other.slug for other in site.related(item)]


def test_most_shared_first_then_newest() -> None:
    site = model(
        [
            pearl("this", 50, ["pe", "imaging"], ["ref-a"]),
            pearl("both-topics-old", 1, ["imaging", "pe"]),
            pearl("topic-and-reference", 2, ["pe"], ["ref-a"]),
            pearl("one-topic-new", 40, ["pe"]),
            pearl("one-topic-newer", 45, ["imaging", "neuro"]),
            pearl("reference-only", 44, ["neuro"], ["ref-a"]),
            pearl("nothing-shared", 49, ["neuro"], ["ref-b"]),
        ]
    )
    # 2 (two topics, or a topic and a reference), then the newest of those scoring 1.
    assert related(site, "this") == ["topic-and-reference", "both-topics-old", "one-topic-newer"]
    assert related(site, "nothing-shared") == ["one-topic-newer", "reference-only"]


def test_a_pearl_sharing_nothing_has_no_related_pearls() -> None:
    site = model([pearl("alone", 1, ["neuro"], ["ref-a"]), pearl("other", 2, ["pe"], ["ref-b"])])
    assert related(site, "alone") == []


def by_definition(site: SiteModel, item: SitePearl) -> list[str]:
    """Every other pearl scored (a shared topic or reference: one each), best then newest."""
    keys = set(item.pearl.cited_keys())
    scored = []
    for position, other in enumerate(site.pearls):
        if other.slug == item.slug:
            continue
        score = sum(other.pearl.topics.count(topic) for topic in item.pearl.topics)
        score += len(keys & set(other.pearl.cited_keys()))
        if score:
            scored.append((-score, position, other.slug))
    return [slug for _, _, slug in sorted(scored)[:3]]


def test_every_pearl_of_a_random_archive_as_defined() -> None:
    rng = random.Random(18)
    topics = ["pe", "imaging", "neuro", "trauma", "tox", "peds", "airway"]
    pearls = [
        pearl(
            f"p{index}",
            rng.randrange(400),
            rng.sample(topics, rng.randint(0, 3)),
            rng.sample([f"ref-{n}" for n in range(60)], rng.randint(0, 4)),
        )
        for index in range(300)
    ]
    site = model(pearls)
    for item in site.pearls:
        assert related(site, item.slug) == by_definition(site, item), item.slug

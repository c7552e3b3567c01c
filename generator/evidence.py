"""Evidence at a glance: a pearl's ``evidence:`` (a level on the site's named scale, and the
one-line basis for it), checked where the editor wrote it and shown beside the review dates.

The scale is the ``pearls`` plugin's ``evidence_scale`` option; by default the Strength of
Recommendation Taxonomy (SORT: Ebell MH et al., Am Fam Physician 2004;69(3):548-556).

| code   | problem                                                                  |
|--------|--------------------------------------------------------------------------|
| EVD001 | evidence level missing, or not a level of the configured scale           |
| EVD002 | evidence basis missing, empty, on several lines or longer than 160       |
|        | characters                                                               |

A value of the wrong type is FM006 and an unknown key under ``evidence:`` FM005, as for any field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.content.fields import CONTROL, FieldReader, value_kind
from generator.diagnostics import closest, did_you_mean, error, plural

#: The longest basis: one line on the page and about two in the plain-text email.
BASIS_LIMIT = 160
FIELD = "evidence"
KEYS = ("level", "basis")
EXAMPLE = "evidence: {level: B, basis: One randomized trial and consistent cohort studies}"


@dataclass(frozen=True)
class EvidenceScale:
    """A named grading scale: its levels in order, each with what it means."""

    name: str
    levels: tuple[tuple[str, str], ...]

    def meaning(self, level: str) -> str | None:
        """What ``level`` means on this scale (None: not one of its levels)."""
        return dict(self.levels).get(level)

    @property
    def names(self) -> list[str]:
        return [level for level, _ in self.levels]


#: SORT's three levels in its authors' words (Ebell et al. 2004): A and B as the taxonomy's table
#: words them, C as the paper's abstract does (with the study types case series apply to).
SORT = EvidenceScale(
    "SORT",
    (
        ("A", "Consistent, good-quality patient-oriented evidence"),
        ("B", "Inconsistent or limited-quality patient-oriented evidence"),
        (
            "C",
            "Consensus, usual practice, opinion, disease-oriented evidence, or case series for "
            "studies of diagnosis, treatment, prevention, or screening",
        ),
    ),
)


def scale_from_option(value: object) -> EvidenceScale:
    """The scale written as ``evidence_scale: {name: …, levels: {A: meaning, …}}`` in
    ``mkdocs.yml``; :class:`ValueError` with a message for the editor when it is malformed."""
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a mapping with 'name' and 'levels', not {value_kind(value)}")
    unknown = [str(key) for key in value if key not in ("name", "levels")]
    if unknown:
        raise ValueError(f"unknown key '{unknown[0]}' (it takes 'name' and 'levels')")
    name, levels = value.get("name"), value.get("levels")
    if not _one_line(name):
        raise ValueError("'name' must be the scale's name on one line, e.g. SORT")
    if not isinstance(levels, Mapping) or not levels:
        raise ValueError("'levels' must map each level to its meaning, e.g. {A: …, B: …}")
    pairs: dict[str, str] = {}
    for level, meaning in levels.items():
        shown = str(level).strip()
        if isinstance(level, bool) or not isinstance(level, str | int) or not _one_line(shown):
            raise ValueError(f"level '{shown}' must be a short name such as A or 1")
        if not _one_line(meaning):
            raise ValueError(f"level '{shown}' needs its meaning as one line of text")
        if shown in pairs:
            raise ValueError(f"level '{shown}' is given twice")
        pairs[shown] = meaning.strip()
    return EvidenceScale(name.strip(), tuple(pairs.items()))


def _one_line(value: object) -> bool:
    """Whether ``value`` is text on one line, not blank."""
    return isinstance(value, str) and bool(value.strip()) and not CONTROL.search(value)


@dataclass(frozen=True)
class Evidence:
    """A pearl's evidence: ``level`` on ``scale``, and the ``basis`` the editor gave for it."""

    scale: str
    level: str
    meaning: str
    basis: str

    @property
    def label(self) -> str:
        """``SORT B``: the scale and the level, as readers see them."""
        return f"{self.scale} {self.level}"


def read_evidence(fields: FieldReader, scale: EvidenceScale) -> Evidence | None:
    """The pearl's ``evidence:`` checked against ``scale``; None when absent or wrong (each
    problem is a diagnostic at its line and column)."""
    value = fields.data.get(FIELD)
    if value is None:
        return None
    document, path = fields.document, fields.path
    if not isinstance(value, dict):
        fields.diagnostics.append(
            error(path, document.value_position((FIELD,)), "FM006",
                  f"'{FIELD}' must be a mapping of level and basis, not {value_kind(value)}",
                  f"write it as '{EXAMPLE}'")
        )
        return None
    for key in value:
        if key not in KEYS:
            fields.diagnostics.append(
                error(path, document.position((FIELD, key)), "FM005",
                      f"unknown field '{FIELD}.{key}'",
                      did_you_mean(closest(key, KEYS)) or "it takes 'level' and 'basis'")
            )
    level, basis = _level(fields, value, scale), _basis(fields, value)
    if level is None or basis is None:
        return None
    return Evidence(scale.name, level, scale.meaning(level) or "", basis)


def _level(fields: FieldReader, value: dict[str, Any], scale: EvidenceScale) -> str | None:
    document, path = fields.document, fields.path
    levels = ", ".join(scale.names)
    if "level" not in value or value["level"] is None:
        fields.diagnostics.append(
            error(path, document.position((FIELD, "level")), "EVD001",
                  f"'{FIELD}' needs a 'level' on the {scale.name} scale ({levels})")
        )
        return None
    level = value["level"]
    where = document.value_position((FIELD, "level"))
    if isinstance(level, bool) or not isinstance(level, str | int):
        fields.diagnostics.append(
            error(path, where, "FM006", f"'{FIELD}.level' must be text, not {value_kind(level)}")
        )
        return None
    level = str(level).strip()
    if scale.meaning(level) is None:
        fields.diagnostics.append(
            error(path, where, "EVD001",
                  f"'{level}' is not a level of the {scale.name} scale ({levels})",
                  did_you_mean(closest(level, scale.names))
                  or "the scale is the pearls plugin's evidence_scale in mkdocs.yml")
        )
        return None
    return level


def _basis(fields: FieldReader, value: dict[str, Any]) -> str | None:
    document, path = fields.document, fields.path
    basis = value.get("basis")
    where = document.value_position((FIELD, "basis"))
    if basis is None or (isinstance(basis, str) and not basis.strip()):
        fields.diagnostics.append(
            error(path, document.position((FIELD, "basis")), "EVD002",
                  f"'{FIELD}' needs a 'basis': one line on what the level rests on",
                  "e.g. 'basis: One randomized trial and consistent cohort studies'")
        )
        return None
    if not isinstance(basis, str):
        fields.diagnostics.append(
            error(path, where, "FM006", f"'{FIELD}.basis' must be text, not {value_kind(basis)}")
        )
        return None
    basis = basis.strip()
    if CONTROL.search(basis):
        fields.diagnostics.append(
            error(path, where, "EVD002", "the evidence basis must be one line",
                  "write it with no line breaks: 'basis: >-' folds an indented paragraph")
        )
        return None
    if len(basis) > BASIS_LIMIT:
        fields.diagnostics.append(
            error(path, where, "EVD002",
                  f"the evidence basis is {len(basis)} characters; at most {BASIS_LIMIT}",
                  f"shorten it by {plural(len(basis) - BASIS_LIMIT, 'character')}; the pearl's "
                  "text holds the detail")
        )
        return None
    return basis


def schema_org(evidence: Evidence) -> dict[str, str]:
    """The evidence as schema.org JSON-LD: a ``MedicalGuidelineRecommendation`` (the pearl's
    advice) with its ``recommendationStrength`` (``SORT B``, as the scale's name says: SORT is a
    strength-of-recommendation taxonomy) and ``evidenceOrigin`` (the basis). It leaves out
    ``evidenceLevel``: schema.org's EvidenceLevelA-C have their own definitions (multiple
    randomized trials or meta-analyses, …), not the configured scale's. The page's JSON-LD
    puts it under the ``MedicalWebPage``'s ``about``."""
    return {
        "@type": "MedicalGuidelineRecommendation",
        "recommendationStrength": evidence.label,
        "description": evidence.meaning,
        "evidenceOrigin": evidence.basis,
    }

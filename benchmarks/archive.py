"""A realistic synthetic archive, generated deterministically: pearls, algorithms and a .bib."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIRST_WEDNESDAY = dt.date(2006, 1, 4)
#: Vocabulary of the synthetic text and of the authors' surnames (with accents to decode).
_WORD_TEXT = (
    "patient emergency department embolism cement anticoagulation heparin dyspnea chest pain "
    "imaging computed tomography rule criteria sensitivity specificity cohort randomized "
    "trial risk probability outcome mortality admission discharge follow-up symptom "
    "asymptomatic central peripheral vertebral procedure complication management evidence "
    "guideline dose"
)
_SURNAME_TEXT = (
    "Müller García Nguyễn O'Neil Søren Kline Perry Stiell Łukasz Dubois Rossi Tanaka Cohen "
    "Novák Ibáñez Smith Jones Çelik"
)
WORDS = _WORD_TEXT.split()
SURNAMES = _SURNAME_TEXT.split()
LATEX = {
    "ü": r"{\"u}",
    "í": r"{\'i}",
    "ễ": "e",
    "ø": r"{\o}",
    "Ł": r"{\L}",
    "á": r"{\'a}",
    "ñ": r"{\~n}",
    "Ç": r"{\c{C}}",
    "é": r"{\'e}",
}
JOURNALS = {
    "nejm": ("New England Journal of Medicine", "N Engl J Med"),
    "jama": ("JAMA", "JAMA"),
    "aem": ("Academic Emergency Medicine", "Acad Emerg Med"),
    "annem": ("Annals of Emergency Medicine", "Ann Emerg Med"),
}


def wednesday(index: int) -> dt.date:
    """The publication date of the ``index``-th pearl of the archive (0-based), weekly."""
    return FIRST_WEDNESDAY + dt.timedelta(weeks=index)


def latex(text: str) -> str:
    return "".join(LATEX.get(char, char) for char in text)


def write_bibliography(
    path: Path, entries: int, rng: random.Random, most_authors: int = 12
) -> list[str]:
    """``entries`` references with accents, 1 to ``most_authors`` authors and @string journal
    macros (about 420 bytes each with up to 12 authors, 300 with up to 3)."""
    lines = [f'@string{{{macro} = "{name}"}}' for macro, (name, _) in JOURNALS.items()]
    keys = []
    for index in range(entries):
        key = f"ref{index:05d}"
        keys.append(key)
        authors = " and ".join(
            f"{latex(rng.choice(SURNAMES))}, {rng.choice('ABCDEFGHJKLMNPRST')}. "
            f"{rng.choice('ABCDEFGHJKLMNPRST')}."
            for _ in range(rng.randint(1, most_authors))
        )
        macro = rng.choice(list(JOURNALS))
        start = rng.randint(1, 2000)
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))).capitalize()
        lines.append(
            f"@article{{{key},\n  author = {{{authors}}},\n  title = {{{title}}},\n"
            f"  journal = {macro},\n  shortjournal = {{{JOURNALS[macro][1]}}},\n"
            f"  year = {{{rng.randint(1990, 2025)}}},\n  volume = {{{rng.randint(1, 400)}}},\n"
            f"  number = {{{rng.randint(1, 12)}}},\n"
            f"  pages = {{{start}--{start + rng.randint(3, 12)}}},\n"
            f"  doi = {{10.{rng.randint(1000, 9999)}/bench.{index}}},\n}}\n"
        )
    path.write_text("\n".join(lines), encoding="utf-8")
    return keys


class Citations:
    """Keys to cite, in a deterministic order: every key once (shuffled), then random ones, so
    every entry is cited whenever the archive has at least as many citations as entries."""

    def __init__(self, keys: list[str], rng: random.Random) -> None:
        self.rng = rng
        self.keys = keys
        self.unused = rng.sample(keys, len(keys))

    def next(self) -> str:
        return self.unused.pop() if self.unused else self.rng.choice(self.keys)


def algorithm_block(rng: random.Random, cite: Citations, previous_slug: str | None) -> str:
    """A valid algorithm of 5-9 nodes: a state, a chain of decisions whose "Yes" branches lead to
    actions, a final action, and for odd sizes a follow-up (a link to the previous pearl's
    algorithm when there is one)."""
    size = rng.randint(5, 9)
    decisions = (size - 2) // 2
    nodes = [
        f"  - id: s\n    kind: state\n    text: Patient with {rng.choice(WORDS)} "
        f"[@{cite.next()}]\n    next: d0\n"
    ]
    actions = []
    for index in range(decisions):
        follow = f"d{index + 1}" if index + 1 < decisions else "last"
        nodes.append(
            f"  - id: d{index}\n    kind: decision\n    text: Is the {rng.choice(WORDS)} "
            f'{rng.choice(WORDS)} present?\n    branches:\n      - label: "Yes"\n'
            f'        to: a{index}\n      - label: "No"\n        to: {follow}\n'
        )
        actions.append(f"a{index}")
    actions.append("last")
    for action in actions:
        nodes.append(
            f"  - id: {action}\n    kind: action\n    text: Give {rng.choice(WORDS)} "
            f"and {rng.choice(WORDS)}\n"
        )
    if size % 2:
        nodes[-1] += "    next: more\n"
        if previous_slug:
            nodes.append(
                f"  - id: more\n    kind: link\n    text: See the previous pearl\n"
                f"    pearl: {previous_slug}\n"
            )
        else:
            nodes.append(
                "  - id: more\n    kind: action\n    text: Reassess\n    note: Within 24 hours\n"
            )
    return "```algorithm\ntitle: Management\nnodes:\n" + "".join(nodes) + "```\n"


def paragraph(rng: random.Random, citation: str) -> str:
    """About 65 words ending in a citation (empty ``citation``: none)."""
    words = [rng.choice(WORDS) for _ in range(65)]
    words[-1] += f" {citation}." if citation else "."
    return " ".join(words).capitalize()


def write_archive(
    root: Path, pearls: int = 1000, references: int = 5000, seed: int = 1, most_authors: int = 12
) -> Path:
    """A complete project in ``root``: the repo's settings (with the pearls plugin), templates
    and topics, and synthetic content.

    Each pearl has about 400 words, 6 citations (5 in the text, one in the algorithm: a single
    key, a locator, a group of two) and an algorithm of 5-9 nodes; all of it checks clean. The
    .bib's entries have 1 to ``most_authors`` authors.
    """
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "content" / "pearls").mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "generated", root / "generated")  # docs_dir, for `pearls serve`
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(REPO / "content" / "topics.yml", root / "content" / "topics.yml")
    shutil.copytree(REPO / "content" / "pages", root / "content" / "pages")
    keys = write_bibliography(root / "references.bib", references, rng, most_authors)
    cite = Citations(keys, rng)
    topics = [
        "pulmonary-embolism",
        "procedural-complications",
        "anticoagulation",
        "neurology",
        "clinical-decision-rules",
        "imaging",
    ]
    previous_slug = None
    for index in range(pearls):
        date = wednesday(index)
        citations = [
            f"[@{cite.next()}]",
            f"[@{cite.next()}, p. {rng.randint(1, 300)}]",
            f"[@{cite.next()}; @{cite.next()}]",
            "",
            f"[@{cite.next()}]",
            "",
        ]
        paragraphs = [paragraph(rng, citation) for citation in citations]
        paragraphs.insert(3, algorithm_block(rng, cite, previous_slug))
        folder = root / "content" / "pearls" / str(date.year)
        folder.mkdir(exist_ok=True)
        chosen = rng.sample(topics, 2)
        slug = f"pearl-{index:04d}"
        (folder / f"{date.isoformat()}-{slug}.md").write_text(
            f"---\ntitle: Pearl {index} on {rng.choice(WORDS)} {rng.choice(WORDS)}\n"
            f"date: {date.isoformat()}\nauthors: [Bench Author]\ntopics: [{', '.join(chosen)}]\n"
            f"summary: A synthetic pearl about {rng.choice(WORDS)} for benchmarks.\n---\n\n"
            + "\n\n".join(paragraphs)
            + "\n",
            encoding="utf-8",
        )
        previous_slug = slug
    return root


def write_peer(archive: Path, root: Path, bibtex: bool) -> Path:
    """What a team would write without the generator, from ``archive``'s pearls: each pearl's
    title and body as an ordinary Markdown page under ``pearls/`` (not in the nav; the algorithm
    block left out: neither peer draws one), with the archive's theme, features and Markdown
    extensions. ``bibtex``: mkdocs-bibtex resolves the same ``[@key]`` citations against the
    archive's .bib (its ``bib_file``); otherwise they stay as typed. Returns the mkdocs.yml."""
    if root.exists():
        shutil.rmtree(root)
    pages = root / "docs" / "pearls"
    pages.mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Pearls\n\nThe archive.\n", encoding="utf-8")
    for path in sorted((archive / "content" / "pearls").rglob("*.md")):
        front, body = path.read_text(encoding="utf-8")[4:].split("\n---\n", 1)
        title = re.search(r"^title: (.+)$", front, re.MULTILINE).group(1)  # type: ignore[union-attr]
        body = re.sub(r"```algorithm\n.*?```\n", "", body, flags=re.DOTALL)
        (pages / path.name).write_text(f"# {title}\n{body}", encoding="utf-8")
    config = (archive / "mkdocs.yml").read_text(encoding="utf-8")
    plugin = f"  - bibtex:\n      bib_file: {json.dumps(str(archive / 'references.bib'))}\n"
    config = re.sub(
        r"^  - pearls\b.*\n(?:    .*\n)*", plugin if bibtex else "", config, flags=re.MULTILINE
    )
    config = re.sub(r"^docs_dir:.*$", "docs_dir: docs", config, flags=re.MULTILINE)
    config = re.sub(r"^nav:\n(?:  .*\n)*", "nav:\n  - Home: index.md\n", config, flags=re.M)
    config = re.sub(r"^extra_css:\n(?:  .*\n)*", "", config, flags=re.MULTILINE)
    config = re.sub(r"^not_in_nav: \|\n(?:  .*\n)*", "not_in_nav: /pearls/\n", config, flags=re.M)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root / "mkdocs.yml"

"""Treatment-algorithm flowcharts: the format, validation, layout and rendering.

Writing an algorithm
====================

An algorithm is a fenced ``algorithm`` block in the pearl's Markdown body, placed where the
figure belongs. Its content is YAML::

    ```algorithm
    title: Management of pulmonary cement embolism
    start: pce            # optional; default the first node
    nodes:
      - id: pce
        kind: state       # state | decision | action | link
        text: Pulmonary cement embolism after vertebroplasty or kyphoplasty [@krueger2009]
        next: location    # state and action: the one step that follows (optional for actions)
      - id: location
        kind: decision
        text: Where are the emboli?
        branches:         # decision: at least 2, each labelled
          - label: Peripheral
            to: peripheral-symptoms
          - label: Central
            to: central-symptoms
      - id: heparin
        kind: action
        text: Heparinization
        note: Benefit uncertain; cement is not thrombogenic in vitro   # optional, short
      - id: other
        kind: link
        text: See the PE in pregnancy algorithm
        pearl: pe-in-pregnancy   # link: the slug of the pearl whose algorithm it continues in
    ```

Node kinds and shapes follow the SMDM clinical algorithm standard (Med Decis Making
1992;12:149-154): a **state** (a clinical situation) is a rounded rectangle, a **decision** a
hexagon, an **action** a rectangle and a **link** to another pearl's algorithm a small oval.
Every path from the start must end at an action or a link; two branches may lead to the same
node (a merge: one box, two arrows in). ``text`` and ``note`` may cite references with
``[@key]``; they are numbered with the pearl's text, where the algorithm stands in it. Quote
labels such as ``"Yes"`` and ``"No"`` if you like; YAML 1.2 reads them as text either way.

Steps are numbered depth first from the start (branches in the order written), and the same
numbers key the drawing to its text alternative (:func:`render_outline`).

Diagnostics
===========

======  ========  ===================================================================
Code    Severity  Problem
======  ========  ===================================================================
ALG001  error     YAML syntax error in the block (also duplicate keys)
ALG002  error     a field has the wrong type (a list where text belongs, …)
ALG003  error     a required field is missing (``title``, ``nodes``, ``id``, ``kind``,
                  ``text``, a branch's ``to``, a link's ``pearl``) or the block is empty
ALG004  error     unknown field, with a did-you-mean
ALG005  error     YAML aliases (``*name``) or nesting deeper than 12 levels
ALG006  error     unknown node kind
ALG007  error     a field the node's kind does not have (``branches`` on an action, …)
ALG008  error     more than 60 nodes
ALG009  error     too costly to draw: more than 120 arrows, arrows passing more than 300
                  rows of boxes in all, or more than 24 boxes and passing arrows in a row
ALG010  error     duplicate node id
ALG011  error     ``start``, ``next`` or a branch's ``to`` names an unknown node
ALG012  error     a node cannot be reached from the start
ALG013  error     a cycle (reported at the arrow that closes it)
ALG014  error     a decision with fewer than 2 branches
ALG015  error     a branch without a label
ALG016  error     a path ends at a clinical state (paths end at an action or a link)
ALG017  error     a link names an unknown pearl
ALG018  warning   text or note too long for its box (over 5 lines, 4 for notes, 2 for
                  links, or a word wider than the box)
ALG019  error     a link leads to a pearl not published on the day its own pearl is shown
                  (a draft, or dated later: the message names the day)
======  ========  ===================================================================

Drawing
=======

``layout_algorithm(algorithm, cite=None, superscript=True)`` lays it out (our own layered layout;
see :mod:`generator.algorithm.layout` for why not grandalf); ``render_svg(layout, palette="site")``
draws it from ``templates/flowchart/algorithm.svg.j2`` (``"light"``/``"dark"`` give concrete
colours for PNG); ``render_png(svg, scale=2)`` rasterises with resvg; ``render_outline(algorithm,
fmt)`` writes the text alternative. ``cite(group)`` returns the plain citation text ("1,2" or
"(Mol Clin Oncol. …)"); each renderer sets it as a superscript (or inline when
``superscript=False``); without ``cite`` citations are left out. Text is measured and drawn with
Source Sans Pro (SIL OFL 1.1, ``fonts/LICENSE.txt``), shipped in ``fonts/``.

Node kinds
==========

Each kind is one :class:`~generator.algorithm.kinds.NodeKind` registered in
:data:`~generator.algorithm.kinds.KINDS` under its YAML name: the fields its nodes take and which
they need, its rules (branches, a way on, text limits), its box's size, corners and where arrows
meet it, its palette colour, the macro of ``templates/flowchart/shapes.svg.j2`` that draws it and
its wording in the outline and the figure's description. Parsing, validation, layout, drawing and
the outline ask a node's kind; none tests which kind it is. A new kind is one entry in ``KINDS``
(a :class:`~generator.algorithm.kinds.NodeKind`, or a subclass for another shape's geometry) and
one macro; a project may add the macro in its own ``templates/flowchart/shapes.svg.j2``.

Citation problems inside node text are reported by :mod:`generator.citations` (CIT codes).
:func:`parse_algorithm` reports ALG001-ALG008 and returns no algorithm when any occurs;
:func:`validate_algorithm` reports the rest but ALG019, which depends on the build's day
(:func:`generator.project.embargo_checks`).
"""

from generator.algorithm.kinds import KINDS, NodeKind
from generator.algorithm.layout import Layout, layout_algorithm
from generator.algorithm.model import Algorithm, Branch, Cite, Node, Reference, Run, Text
from generator.algorithm.outline import render_outline
from generator.algorithm.parse import parse_algorithm
from generator.algorithm.render import render_png, render_svg
from generator.algorithm.validate import validate_algorithm

__all__ = [
    "Algorithm",
    "Branch",
    "Cite",
    "KINDS",
    "Layout",
    "Node",
    "NodeKind",
    "Reference",
    "Run",
    "Text",
    "layout_algorithm",
    "parse_algorithm",
    "render_outline",
    "render_png",
    "render_svg",
    "validate_algorithm",
]

"""A layered (Sugiyama-style) top-to-bottom layout with orthogonal arrows.

Why our own layout rather than grandalf: grandalf places points for nodes of one size and routes
edges as splines through dummy points; it knows nothing of branch labels, hexagon ports or merges
arriving side by side, and its results had to be post-processed into orthogonal arrows anyway.
The steps here are the textbook ones, each small and deterministic:

1. ranks by longest path from the start (cycles, which validation rejects, are drawn reversed);
2. dummy vertices on arrows that span several layers, so they run between boxes, never through;
3. order within layers by barycentre sweeps, keeping the order with fewest crossings (branch
   order breaks ties, so "No" stays left of "Yes");
4. x coordinates by alternating sweeps, each an exact least-squares placement under the
   minimum-gap constraints (pool-adjacent-violators), pulling a decision's first and last
   branches out past its points so their labels sit on clear horizontal runs;
5. orthogonal routes: a decision's outer branches leave from its side points, other arrows from
   the bottom; horizontal runs between layers get their own tracks; several arrows into one box
   (a merge) arrive at separate ports on its top.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.algorithm.measure import metrics
from generator.algorithm.model import Algorithm, Cite, Node, Run
from generator.algorithm.style import STYLE, Style

if TYPE_CHECKING:
    from generator.algorithm.kinds import NodeKind


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def overlaps(self, other: Rect, pad: float = 0.0) -> bool:
        return (self.x < other.right + pad and other.x < self.right + pad
                and self.y < other.bottom + pad and other.y < self.bottom + pad)


@dataclass(frozen=True)
class TextLine:
    """One line of a box's text, centred on ``x`` with its baseline at ``y``; ``width`` is its
    width measured in the shipped font, which the drawing holds it to (so a reader whose
    browser falls back to another font, as in an ``<img>``, still sees it inside its box)."""

    runs: tuple[Run, ...]
    x: float
    y: float
    width: float
    note: bool = False


@dataclass(frozen=True)
class Box:
    """A node placed on the page, with its wrapped text; its kind gives its shape."""

    node: Node
    number: int
    rect: Rect
    lines: tuple[TextLine, ...]

    @property
    def kind(self) -> NodeKind:
        return self.node.kind

    @property
    def inset(self) -> float:
        return self.kind.inset

    @property
    def cx(self) -> float:
        return self.rect.x + self.rect.width / 2

    @property
    def cy(self) -> float:
        return self.rect.y + self.rect.height / 2

    @property
    def badge(self) -> Point:
        """Where the step number sits."""
        return self.kind.badge(self)

    def flat(self) -> tuple[float, float]:
        """The x range where arrows may meet the top and bottom edges squarely."""
        return self.kind.flat(self)

    def edge_y(self, x: float, top: bool) -> float:
        """The y of the top or bottom border at ``x``."""
        return self.kind.edge_y(self, x, top)


@dataclass(frozen=True)
class Label:
    """A branch label beside its arrow; ``anchor`` is the SVG text-anchor."""

    text: str
    x: float
    y: float
    anchor: str
    rect: Rect


@dataclass(frozen=True)
class Route:
    """One arrow as an orthogonal polyline, ending at its target's border."""

    source: str
    target: str
    points: tuple[Point, ...]
    label: Label | None


@dataclass(frozen=True)
class Layout:
    """Everything needed to draw an algorithm, in CSS pixels."""

    title: str
    boxes: tuple[Box, ...]
    routes: tuple[Route, ...]
    width: float
    height: float
    style: Style = field(default=STYLE)


def layout_algorithm(algorithm: Algorithm, cite: Cite | None = None,
                     superscript: bool = True, style: Style = STYLE) -> Layout:
    """Lay ``algorithm`` out; ``cite`` gives citation text (measured into the boxes)."""
    return _Layouter(algorithm, cite, superscript, style).run()


@dataclass(frozen=True)
class Extent:
    """How much there is to lay out, counted from the graph alone before any layout work: the
    layout's time and memory, and the drawing's size, grow with these (not with the nodes)."""

    #: Arrows between boxes.
    arrows: int
    #: Rows of boxes (the longest path from the start, plus one).
    layers: int
    #: Points where arrows pass a row they do not stop at (each a vertex laid out like a box).
    bends: int
    #: Boxes and passing arrows in the fullest row (the drawing's width grows with it).
    widest: int


def extent(algorithm: Algorithm) -> Extent:
    """The :class:`Extent` of laying ``algorithm`` out, in time linear in its arrows and rows."""
    order = [node.id for node in algorithm.numbered_nodes()]
    arrows = _arrows(algorithm, order)
    rank = _ranks(order, arrows)
    layers = max(rank.values(), default=0) + 1
    row = [0] * (layers + 1)  # differences: row[r] - row[r - 1] vertices start at row r
    for nid in order:
        row[rank[nid]] += 1
        row[rank[nid] + 1] -= 1
    bends = 0
    for arrow in arrows:
        top, bottom = sorted((rank[arrow.source], rank[arrow.target]))
        if bottom - top > 1:
            bends += bottom - top - 1
            row[top + 1] += 1
            row[bottom] -= 1
    widest = current = 0
    for change in row:
        current += change
        widest = max(widest, current)
    return Extent(len(arrows), layers, bends, widest)


# -- the layouter -------------------------------------------------------------------------------


@dataclass
class _Arrow:
    source: str
    target: str
    label: str | None
    index: int  # position among the source's arrows
    count: int  # how many arrows the source has
    reversed: bool
    chain: list[str] = field(default_factory=list)


class _Layouter:
    def __init__(self, algorithm: Algorithm, cite: Cite | None, superscript: bool,
                 style: Style) -> None:
        self.algorithm = algorithm
        self.style = style
        self.numbers = algorithm.numbers()
        self.nodes = {node.id: node for node in algorithm.numbered_nodes()}
        self.sizes = {nid: self._measure(node, cite, superscript)
                      for nid, node in self.nodes.items()}
        self.label_font = metrics()

    # -- 0. sizes --------------------------------------------------------------------------

    def _measure(self, node: Node, cite: Cite | None,
                 superscript: bool) -> tuple[float, float, list, list]:
        s = self.style
        lines = s.wrap(node.kind, node.text.runs(cite, superscript))
        notes = s.wrap(node.kind, node.note.runs(cite, superscript), note=True) if node.note else []
        text_width = max([line.width for line in lines + notes] or [0.0])
        text_height = len(lines) * s.line_height
        if notes:
            text_height += s.note_gap + len(notes) * s.note_line_height
        width, height = node.kind.size(text_width + 2 * s.pad_x, text_height + 2 * s.pad_y, s)
        return 2 * math.ceil(width / 2), 2 * math.ceil(height / 2), lines, notes

    def width(self, vertex: str) -> float:
        return self.sizes[vertex][0] if vertex in self.sizes else 0.0

    def label_width(self, text: str | None) -> float:
        return self.label_font.width(text or "", self.style.label_size)

    # -- the whole run: 1. ranks, 2. dummies, 3. order, 4. x, 5. boxes and routes ----------

    def run(self) -> Layout:
        arrows = _arrows(self.algorithm, list(self.nodes))
        rank = _ranks(list(self.nodes), arrows)
        layer_of: dict[str, int] = dict(rank)
        for number, arrow in enumerate(arrows):
            top, bottom = (arrow.target, arrow.source) if arrow.reversed else (
                arrow.source, arrow.target)
            dummies = [f"\0{number}:{r}" for r in range(rank[top] + 1, rank[bottom])]
            for dummy, r in zip(dummies, range(rank[top] + 1, rank[bottom]), strict=True):
                layer_of[dummy] = r
            arrow.chain = [top, *dummies, bottom]
        depth = max(layer_of.values(), default=0) + 1
        layers: list[list[str]] = [[] for _ in range(depth)]
        for vertex in self._initial_order(arrows):
            layers[layer_of[vertex]].append(vertex)
        ups: dict[str, list[tuple[str, float]]] = {v: [] for v in layer_of}
        downs: dict[str, list[tuple[str, float]]] = {v: [] for v in layer_of}
        for arrow in arrows:
            for hop, (a, b) in enumerate(zip(arrow.chain, arrow.chain[1:], strict=False)):
                shift = self._port_shift(arrow) if hop == 0 and not arrow.reversed else 0.0
                downs[a].append((b, shift))
                ups[b].append((a, shift))
        layers = _minimise_crossings(layers, ups, downs)
        x = self._x_coordinates(layers, ups, downs)
        return self._place(layers, layer_of, x, arrows)

    def _initial_order(self, arrows: list[_Arrow]) -> list[str]:
        """Nodes in step order, each arrow's dummies right after its source."""
        order: list[str] = []
        for nid in self.nodes:
            order.append(nid)
            order.extend(v for a in arrows if a.chain[0] == nid for v in a.chain[1:-1])
        return order

    def _port_shift(self, arrow: _Arrow) -> float:
        """How far right of its source an arrow's next vertex would like to be."""
        kind = self.nodes[arrow.source].kind
        if not kind.side_exits or arrow.count < 2:
            return 0.0
        s = self.style
        half = self.sizes[arrow.source][0] / 2
        run = max(self.label_width(arrow.label) + 2 * s.label_offset + 8, 28)
        if arrow.index == 0:
            return -(half + run)
        if arrow.index == arrow.count - 1:
            return half + run
        span = half - kind.inset - 8
        return -span + 2 * span * arrow.index / (arrow.count - 1)

    # -- 4. x coordinates -------------------------------------------------------------------

    def _x_coordinates(self, layers: list[list[str]], ups: dict, downs: dict) -> dict[str, float]:
        x: dict[str, float] = {}
        for layer in layers:
            cursor = 0.0
            for index, vertex in enumerate(layer):
                if index:
                    cursor += self._gap(layer[index - 1], vertex)
                x[vertex] = cursor
        below = {v: [(w, -d) for w, d in downs[v]] for layer in layers for v in layer}
        # Each pass's layers with what settling them reads that never changes, made once.
        downward = [self._sweep(layer, ups) for layer in layers[1:]]
        upward = [self._sweep(layer, below) for layer in reversed(layers[:-1])]
        for _ in range(12):
            settled = dict(x)
            for sweep in (*downward, *upward):
                _settle(x, *sweep)
            if x == settled:  # a fixed point (most charts reach one in two rounds): done
                break
        for sweep in downward:
            _settle(x, *sweep)
        return x

    def _gap(self, left: str, right: str) -> float:
        real = left in self.sizes and right in self.sizes
        gap = self.style.node_gap if real else self.style.dummy_gap
        return (self.width(left) + self.width(right)) / 2 + gap

    def _sweep(self, layer: list[str], links: dict[str, list[tuple[str, float]]]) -> _Sweep:
        """A layer with its vertices' neighbours in ``links`` (and the shift each wants from
        them), their weights and the gaps between them."""
        neighbours = [links[v] for v in layer]
        weights = [0.2 if not near else 2.0 if v not in self.sizes else 1.0
                   for v, near in zip(layer, neighbours, strict=True)]
        gaps = [self._gap(a, b) for a, b in zip(layer, layer[1:], strict=False)]
        return layer, neighbours, weights, gaps

    # -- 5. placing boxes and routing arrows ------------------------------------------------

    def _place(self, layers: list[list[str]], layer_of: dict[str, int], x: dict[str, float],
               arrows: list[_Arrow]) -> Layout:
        s = self.style
        left = min(x[v] - self.width(v) / 2 for v in x)
        x = {v: round(value + s.margin + s.badge_radius - left) for v, value in x.items()}
        boxes, routes, bottom = self._draw(layers, layer_of, x, arrows)
        label_left = min((r.label.rect.x for r in routes if r.label), default=s.margin)
        if label_left < s.margin:
            shift = math.ceil(s.margin - label_left)
            x = {v: value + shift for v, value in x.items()}
            boxes, routes, bottom = self._draw(layers, layer_of, x, arrows)
        right = max([b.rect.right for b in boxes] + [r.label.rect.right for r in routes if r.label])
        return Layout(self.algorithm.title, tuple(boxes), tuple(routes),
                      math.ceil(right + s.margin), math.ceil(bottom + s.margin), s)

    def _draw(self, layers: list[list[str]], layer_of: dict[str, int], x: dict[str, float],
              arrows: list[_Arrow]) -> tuple[list[Box], list[Route], float]:
        """Boxes and routes for fixed x; y depends on how many tracks each gap needs."""
        s = self.style
        heights = [max((self.sizes[v][1] for v in layer if v in self.sizes), default=0.0)
                   for layer in layers]
        flat = [0.0] * len(layers)
        boxes = self._boxes(layers, x, flat, heights)
        tracks = _Router(self, boxes, layers, layer_of, x, flat, heights).track_counts(arrows)
        tops, y = [], s.margin + s.badge_radius
        for index, height in enumerate(heights):
            tops.append(y)
            y += height + s.label_zone + (tracks[index] - 1) * s.track_gap + s.arrow_room
        boxes = self._boxes(layers, x, tops, heights)
        routes = _Router(self, boxes, layers, layer_of, x, tops, heights).routes(arrows)
        ordered = sorted(boxes.values(), key=lambda b: b.number)
        return ordered, routes, tops[-1] + heights[-1]

    def _boxes(self, layers: list[list[str]], x: dict[str, float], tops: list[float],
               heights: list[float]) -> dict[str, Box]:
        s = self.style
        boxes = {}
        for index, layer in enumerate(layers):
            for vertex in (v for v in layer if v in self.sizes):
                width, height, lines, notes = self.sizes[vertex]
                rect = Rect(x[vertex] - width / 2, tops[index], width, height)
                text: list[TextLine] = []
                baseline = rect.y + s.pad_y + self.nodes[vertex].kind.text_top
                for line in lines:
                    text.append(TextLine(line.runs, x[vertex],
                                         baseline + s.line_height / 2 + 0.33 * s.font_size,
                                         line.width))
                    baseline += s.line_height
                baseline += s.note_gap
                for line in notes:
                    text.append(TextLine(line.runs, x[vertex], baseline + s.note_line_height / 2
                                         + 0.33 * s.note_size, line.width, note=True))
                    baseline += s.note_line_height
                boxes[vertex] = Box(self.nodes[vertex], self.numbers[vertex], rect,
                                    tuple(text))
        return boxes


class _Router:
    """Orthogonal routes for every arrow, once boxes are placed."""

    def __init__(self, layouter: _Layouter, boxes: dict[str, Box], layers: list[list[str]],
                 layer_of: dict[str, int], x: dict[str, float], tops: list[float],
                 heights: list[float]) -> None:
        self.l = layouter
        self.s = layouter.style
        self.boxes = boxes
        self.layers = layers
        self.layer_of = layer_of
        self.x = x
        self.tops = tops
        self.heights = heights

    def band_bottom(self, layer: int) -> float:
        return self.tops[layer] + self.heights[layer]

    def entry_ports(self, arrows: list[_Arrow]) -> dict[int, float]:
        """The x where each arrow meets its (drawing) target's top; merges side by side."""
        ports: dict[int, float] = {}
        incoming: dict[str, list[int]] = {}
        for number, arrow in enumerate(arrows):
            incoming.setdefault(arrow.chain[-1], []).append(number)
        for vertex, numbers in incoming.items():
            box = self.boxes[vertex]
            lo, hi = box.flat()
            numbers.sort(key=lambda n: (self.x[arrows[n].chain[-2]], n))
            if len(numbers) == 1:
                before = arrows[numbers[0]].chain[-2]
                straight = box.cx if before in self.boxes else self.x[before]
                ports[numbers[0]] = min(max(straight, lo), hi)
                continue
            spacing = min(28.0, (hi - lo) / (len(numbers) - 1))
            for index, number in enumerate(numbers):
                ports[number] = box.cx + (index - (len(numbers) - 1) / 2) * spacing
        return ports

    def exits(self, arrows: list[_Arrow], entries: dict[int, float]) -> dict[int, tuple]:
        """Per arrow: ("side", x, y, label) or ("bottom", x, label)."""
        result: dict[int, tuple] = {}
        outgoing: dict[str, list[int]] = {}
        for number, arrow in enumerate(arrows):
            outgoing.setdefault(arrow.chain[0], []).append(number)
        for vertex, numbers in outgoing.items():
            box = self.boxes[vertex]
            goal = {n: self.next_x(arrows[n], 0, entries[n]) for n in numbers}
            side: dict[int, str] = {}
            if box.kind.side_exits:
                ordered = sorted(numbers, key=lambda n: (goal[n], n))
                if goal[ordered[0]] <= box.rect.x - 8 and self.side_fits(box, arrows[ordered[0]],
                                                                        goal[ordered[0]], -1):
                    side[ordered[0]] = "left"
                if goal[ordered[-1]] >= box.rect.right + 8 and ordered[-1] not in side and \
                        self.side_fits(box, arrows[ordered[-1]], goal[ordered[-1]], 1):
                    side[ordered[-1]] = "right"
            bottom = sorted((n for n in numbers if n not in side), key=lambda n: (goal[n], n))
            lo, hi = box.flat()
            ports = [min(max(goal[n], lo), hi) for n in bottom]
            if any(b - a < 16 for a, b in zip(ports, ports[1:], strict=False)):
                step = (hi - lo) / (len(ports) - 1)
                ports = [lo + i * step for i in range(len(ports))]
            for n, port in zip(bottom, ports, strict=True):
                result[n] = ("bottom", port, self.bottom_label(box, arrows[n], port, goal[n]))
            for n, direction in side.items():
                result[n] = ("side", box.rect.x if direction == "left" else box.rect.right,
                             box.cy, self.side_label(box, arrows[n], direction))
        return result

    def next_x(self, arrow: _Arrow, hop: int, entry: float) -> float:
        return entry if hop + 2 == len(arrow.chain) else self.x[arrow.chain[hop + 1]]

    def side_label(self, box: Box, arrow: _Arrow, direction: str) -> Label | None:
        if not arrow.label or arrow.reversed:
            return None
        s = self.s
        width = self.l.label_width(arrow.label)
        baseline = box.cy - 5
        if direction == "left":
            x = box.rect.x - s.label_offset
            rect = Rect(x - width, baseline - 0.8 * s.label_size, width, s.label_size)
            return Label(arrow.label, x, baseline, "end", rect)
        x = box.rect.right + s.label_offset
        return Label(arrow.label, x, baseline, "start",
                     Rect(x, baseline - 0.8 * s.label_size, width, s.label_size))

    def side_fits(self, box: Box, arrow: _Arrow, goal: float, direction: int) -> bool:
        """A side exit needs a clear horizontal run long enough for its label."""
        start = box.rect.x if direction < 0 else box.rect.right
        label = self.side_label(box, arrow, "left" if direction < 0 else "right")
        if label is not None and abs(goal - start) < label.rect.width + 2 * self.s.label_offset:
            return False
        lo, hi = sorted((start, goal))
        layer = self.layer_of[arrow.chain[0]]
        for vertex in self.layers[layer]:
            other = self.boxes.get(vertex)
            if other is None or other is box:
                continue
            if other.rect.x < hi + 6 and lo - 6 < other.rect.right:
                return False
            if label is not None and label.rect.overlaps(other.rect, 2):
                return False
        return True

    def bottom_label(self, box: Box, arrow: _Arrow, port: float, goal: float) -> Label | None:
        if not arrow.label or arrow.reversed:
            return None
        s = self.s
        width = self.l.label_width(arrow.label)
        baseline = self.band_bottom(self.layer_of[arrow.chain[0]]) + 0.8 * s.label_size + 4
        top = baseline - 0.8 * s.label_size
        if goal < port - 0.5:
            x = port - s.label_offset
            return Label(arrow.label, x, baseline, "end", Rect(x - width, top, width,
                                                               s.label_size))
        x = port + s.label_offset
        return Label(arrow.label, x, baseline, "start", Rect(x, top, width, s.label_size))

    def segments(self, arrows: list[_Arrow], entries: dict[int, float],
                 exits: dict[int, tuple]) -> dict[tuple[int, int], tuple[int, float, float]]:
        """Each horizontal run between layers: (arrow, hop) → (layer, from x, to x)."""
        runs = {}
        for number, arrow in enumerate(arrows):
            exit_ = exits[number]
            current = exit_[1] if exit_[0] == "bottom" else self.next_x(arrow, 0, entries[number])
            for hop in range(len(arrow.chain) - 1):
                goal = self.next_x(arrow, hop, entries[number])
                if abs(goal - current) > 0.5:
                    runs[(number, hop)] = (self.layer_of[arrow.chain[hop]], current, goal)
                current = goal
        return runs

    def assign_tracks(self, runs: dict) -> dict[tuple[int, int], int]:
        """Horizontal runs in one gap that overlap get separate tracks (greedy, left first)."""
        tracks: dict[tuple[int, int], int] = {}
        used: dict[tuple[int, int], list[tuple[float, float]]] = {}
        for key, (layer, a, b) in sorted(runs.items(), key=lambda item: (
                item[1][0], min(item[1][1:]), max(item[1][1:]), item[0])):
            lo, hi = min(a, b), max(a, b)
            track = 0
            while any(lo < h + 8 and l_ - 8 < hi for l_, h in used.get((layer, track), [])):
                track += 1
            used.setdefault((layer, track), []).append((lo, hi))
            tracks[key] = track
        return tracks

    def track_counts(self, arrows: list[_Arrow]) -> list[int]:
        entries = self.entry_ports(arrows)
        runs = self.segments(arrows, entries, self.exits(arrows, entries))
        tracks = self.assign_tracks(runs)
        counts = [1] * len(self.layers)
        for key, track in tracks.items():
            counts[runs[key][0]] = max(counts[runs[key][0]], track + 1)
        return counts

    def routes(self, arrows: list[_Arrow]) -> list[Route]:
        entries = self.entry_ports(arrows)
        exits = self.exits(arrows, entries)
        runs = self.segments(arrows, entries, exits)
        tracks = self.assign_tracks(runs)
        routes = []
        for number, arrow in enumerate(arrows):
            exit_ = exits[number]
            source = self.boxes[arrow.chain[0]]
            if exit_[0] == "side":
                points = [Point(exit_[1], exit_[2])]
                label = exit_[3]
            else:
                points = [Point(exit_[1], source.edge_y(exit_[1], top=False))]
                label = exit_[2]
            for hop in range(len(arrow.chain) - 1):
                if (number, hop) in runs:
                    layer, a, b = runs[(number, hop)]
                    y = self.band_bottom(layer) + self.s.label_zone + tracks[(number, hop)] * \
                        self.s.track_gap
                    points += [Point(a, y), Point(b, y)]
                elif hop == 0 and exit_[0] == "side":
                    points.append(Point(entries[number] if len(arrow.chain) == 2
                                        else self.x[arrow.chain[1]], exit_[2]))
            end_x = points[-1].x
            points.append(Point(end_x, self.boxes[arrow.chain[-1]].edge_y(end_x, top=True)))
            points = _simplified(points)
            if arrow.reversed:
                points.reverse()
            routes.append(Route(arrow.source, arrow.target, tuple(points), label))
        return routes


def _arrows(algorithm: Algorithm, order: list[str]) -> list[_Arrow]:
    """Every arrow between two nodes of ``order`` (step order), those closing a cycle reversed."""
    out: dict[str, list[tuple[str, str | None]]] = {nid: [] for nid in order}
    for edge in algorithm.edges():
        if edge.source != edge.target and edge.source in out:
            out[edge.source].append((edge.target, edge.label))
    back = _back_edges(order, out)
    arrows = []
    for source in order:
        for index, (target, label) in enumerate(out[source]):
            arrows.append(_Arrow(source, target, label, index, len(out[source]),
                                 (source, index) in back))
    return arrows


def _ranks(order: list[str], arrows: list[_Arrow]) -> dict[str, int]:
    """Each node's layer: the longest path to it from a node with no arrow in."""
    preds: dict[str, list[str]] = {nid: [] for nid in order}
    for arrow in arrows:
        top, bottom = (arrow.target, arrow.source) if arrow.reversed else (
            arrow.source, arrow.target)
        preds[bottom].append(top)
    rank: dict[str, int] = {}
    for nid in order:
        stack = [nid]
        while stack:
            current = stack[-1]
            pending = [p for p in preds[current] if p not in rank]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            rank[current] = max((rank[p] + 1 for p in preds[current]), default=0)
    return rank


# -- helpers ------------------------------------------------------------------------------------


def _back_edges(order: list[str], out: dict[str, list[tuple[str, str | None]]]) -> set:
    """Arrows that close a cycle in a depth-first walk from the nodes in step order."""
    state: dict[str, int] = {}
    back: set[tuple[str, int]] = set()
    for root in order:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, 0)]
        while stack:
            vertex, index = stack[-1]
            if index == len(out[vertex]):
                stack.pop()
                state[vertex] = 2
                continue
            stack[-1] = (vertex, index + 1)
            target = out[vertex][index][0]
            if state.get(target) == 1:
                back.add((vertex, index))
            elif target not in state:
                state[target] = 1
                stack.append((target, 0))
    return back


def _crossings(layers: list[list[str]], downs: dict) -> int:
    total = 0
    for upper, lower in zip(layers, layers[1:], strict=False):
        where = {v: i for i, v in enumerate(lower)}
        ends = [(i + shift / 1000, where[w]) for i, v in enumerate(upper)
                for w, shift in downs[v] if w in where]
        total += sum(1 for a in range(len(ends)) for b in range(a + 1, len(ends))
                     if (ends[a][0] - ends[b][0]) * (ends[a][1] - ends[b][1]) < 0)
    return total


def _minimise_crossings(layers: list[list[str]], ups: dict, downs: dict) -> list[list[str]]:
    best, fewest = [list(layer) for layer in layers], _crossings(layers, downs)
    current = [list(layer) for layer in layers]
    start: list[list[str]] | None = None  # the order a round (down, then up) started from
    for sweep in range(16):
        downward = sweep % 2 == 0
        if downward:
            if current == start:  # the last round changed nothing, nor will the next ones
                break
            start = [list(layer) for layer in current]
        indices = range(1, len(current)) if downward else range(len(current) - 2, -1, -1)
        for r in indices:
            fixed = current[r - 1] if downward else current[r + 1]
            where = {v: i for i, v in enumerate(fixed)}
            neighbours = ups if downward else downs

            def centre(item: tuple[int, str], where=where, neighbours=neighbours) -> float:
                index, vertex = item
                pulls = [where[n] + shift / 1000 for n, shift in neighbours[vertex] if n in where]
                return sum(pulls) / len(pulls) if pulls else float(index)

            current[r] = [v for _, v in sorted(enumerate(current[r]),
                                               key=lambda item: (centre(item), item[0]))]
        count = _crossings(current, downs)
        if count < fewest:
            best, fewest = [list(layer) for layer in current], count
    return best


#: A layer to settle: its vertices, their neighbours with shifts, weights and minimum gaps.
_Sweep = tuple[list[str], list[list[tuple[str, float]]], list[float], list[float]]


def _settle(x: dict[str, float], layer: list[str], neighbours: list[list[tuple[str, float]]],
            weights: list[float], gaps: list[float]) -> None:
    """Move a layer's vertices towards the mean of their neighbours' positions (plus shifts)."""
    desired = [sum([x[n] + shift for n, shift in near]) / len(near) if near else x[vertex]
               for vertex, near in zip(layer, neighbours, strict=True)]
    for vertex, value in zip(layer, _ordered_fit(desired, weights, gaps), strict=True):
        x[vertex] = value


def _ordered_fit(desired: list[float], weights: list[float], gaps: list[float]) -> list[float]:
    """Least-squares positions near ``desired`` keeping order and minimum ``gaps`` (PAV)."""
    offsets = [0.0]
    for gap in gaps:
        offsets.append(offsets[-1] + gap)
    blocks: list[list[float]] = []  # [weighted sum, weight, count]
    for value, weight, offset in zip(desired, weights, offsets, strict=True):
        blocks.append([(value - offset) * weight, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, mass, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += mass
            blocks[-1][2] += count
    fitted: list[float] = []
    for total, mass, count in blocks:
        fitted.extend([total / mass] * int(count))
    return [value + offset for value, offset in zip(fitted, offsets, strict=True)]


def _simplified(points: Iterable[Point]) -> list[Point]:
    """Drop repeated points and middle points of straight runs."""
    result: list[Point] = []
    for point in points:
        if result and abs(result[-1].x - point.x) < 0.01 and abs(result[-1].y - point.y) < 0.01:
            continue
        if len(result) >= 2:
            a, b = result[-2], result[-1]
            if (abs(a.x - b.x) < 0.01 and abs(b.x - point.x) < 0.01) or (
                    abs(a.y - b.y) < 0.01 and abs(b.y - point.y) < 0.01):
                result[-1] = point
                continue
        result.append(point)
    return result

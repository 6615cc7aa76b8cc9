"""Charts as server-side SVG: no script, no library, no network.

Each function takes the counts of `accord.queries.counts` (or a merged
proposal) and returns one `<svg>` element as `Markup`, every text and
attribute escaped here (a name or outlet from an article may hold markup).
Colours are presentation attributes, not style attributes, so the pages' CSP
(`style-src 'self'`) lets them through; the same SVG works inline in the
offline dossier. Bars are links (`<a href>`): a click filters the page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from typing import Any

from markupsafe import Markup

from accord.queries.counts import FAMILIES, FAMILY_OF

# One hue per family, a shade per type (darkest first): cooperation green,
# verbal conflict amber, material conflict red.
FAMILY_COLOURS = {"cooperation": "#2e8b57", "verbal conflict": "#c77c02",
                  "material conflict": "#c4302b"}
_SHADES = {
    "cooperation": ("#14532d", "#1e6b3c", "#2e8b57", "#46a36d", "#6bbb8a", "#94d1aa",
                    "#bfe5cb"),
    "verbal conflict": ("#7a4a00", "#a86400", "#d08c00", "#eab34a"),
    "material conflict": ("#6e1410", "#942019", "#c4302b", "#dd6a5d", "#efa49a"),
}
TYPE_COLOURS = {t: _SHADES[fam][i] for fam, types in FAMILIES.items()
                for i, t in enumerate(types)}
STANCE_COLOURS = {"accept": "#1a7f37", "reject": "#c4302b", "consider": "#9a6700",
                  "counter": "#8250df"}
PROPOSAL_COLOUR = "#4c51bf"
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'
MUTED = "#667085"


def _a(value: Any) -> str:
    """An escaped attribute value."""
    return escape(str(value), quote=True)


def _svg(width: int, height: int, label: str, body: list[str], css: str) -> Markup:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {_a(css)}" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
            f'aria-label="{_a(label)}" {FONT} font-size="12">')
    return Markup(head + f"<title>{escape(label)}</title>" + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, *, anchor: str = "start", fill: str = MUTED,
          size: int = 12, weight: str = "normal", css: str = "") -> str:
    cls = f' class="{_a(css)}"' if css else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" '
            f'font-size="{size}" font-weight="{weight}"{cls}>{escape(text)}</text>')


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def _ticks(top: int) -> list[int]:
    """Up to four round values from 0 to at least `top`."""
    if top <= 0:
        return [0]
    step = 1
    for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        step = s
        if top / s <= 4:
            break
    return list(range(0, top + step, step))


# -- events per week by type ----------------------------------------------------------
def week_bars(data: dict[str, Any], link: Callable[[str | None, str, str], str],
              *, width: int = 960, height: int = 230,
              selected: tuple[str, str] | None = None) -> Markup:
    """Stacked columns: merged events per week (or month) by type, types shaded
    by family. `link(type, start, end)` is the URL one segment (or, with type
    None, one column's label) filters to; bars outside the `selected` days
    (from, to) are drawn faint."""
    bars = data["bars"]
    unit = data["unit"]
    label = f"Events per {unit} by type"
    if not bars:
        return _svg(width, 60, label, [_text(8, 30, "No dated events to chart.")], "weeks")
    left, right, top, bottom = 36, 8, 10, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = _ticks(max(data["max"], 1))
    scale = plot_h / ticks[-1]
    slot = plot_w / len(bars)
    bar_w = min(max(slot * 0.78, 1.0), 36.0)
    body = []
    for t in ticks:
        y = top + plot_h - t * scale
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                    f'stroke="#e4e7ec" stroke-width="1"/>')
        body.append(_text(left - 5, y + 4, str(t), anchor="end", size=10))
    every = max(1, round(len(bars) / 12))
    for i, bar in enumerate(bars):
        x = left + i * slot + (slot - bar_w) / 2
        y = top + plot_h
        faint = selected is not None and (bar["end"] < selected[0] or bar["start"] > selected[1])
        dim = ' opacity="0.3"' if faint else ""
        for etype in [t for t in TYPE_COLOURS if t in bar["counts"]]:
            n = bar["counts"][etype]
            h = n * scale
            y -= h
            tip = f"{etype} ({FAMILY_OF[etype]}): {n} in the {unit} of {bar['start']}"
            body.append(f'<a href="{_a(link(etype, bar["start"], bar["end"]))}" '
                        f'class="bar" data-type="{_a(etype)}" data-start="{_a(bar["start"])}">'
                        f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                        f'fill="{TYPE_COLOURS[etype]}"{dim}><title>{escape(tip)}</title></rect></a>')
        if i % every == 0:
            d = date.fromisoformat(bar["start"])
            text = d.strftime("%d %b") if unit == "week" else d.strftime("%b")
            if i == 0 or d.month == 1 or unit == "week" and d.day <= 7:
                text += d.strftime(" %Y") if (i == 0 or d.month == 1) else ""
            body.append(f'<a href="{_a(link(None, bar["start"], bar["end"]))}">'
                        + _text(left + i * slot + slot / 2, height - bottom + 15, text,
                                anchor="middle", size=10) + "</a>")
    body.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" '
                f'y2="{top + plot_h}" stroke="#98a2b3" stroke-width="1"/>')
    body.append(_text(left, height - 6, f"{bars[0]['start']} to {bars[-1]['end']}, per {unit}; "
                      "click a bar to filter", size=10))
    return _svg(width, height, label, body, "weeks")


def type_legend(types: list[str]) -> Markup:
    """The types of a chart, with their colours, grouped by family (HTML)."""
    parts = []
    for fam, fam_types in FAMILIES.items():
        shown = [t for t in fam_types if t in types]
        if not shown:
            continue
        items = "".join(f'<span class="key"><svg width="10" height="10" aria-hidden="true">'
                        f'<rect width="10" height="10" fill="{TYPE_COLOURS[t]}"/></svg>'
                        f'{escape(t)}</span>' for t in shown)
        parts.append(f'<span class="fam fam-{_a(fam.split()[0])}"><b>{escape(fam)}</b> '
                     f'{items}</span>')
    return Markup('<p class="legend chart-legend">' + " ".join(parts) + "</p>")


# -- horizontal bars ----------------------------------------------------------------------
def hbars(rows: list[dict[str, Any]], *, label: str, link: Callable[[dict[str, Any]], str | None],
          stacks: list[tuple[str, str]] | None = None, width: int = 460,
          name_width: int = 170, empty: str = "None.") -> Markup:
    """One bar per row (`name`, `n`; with `stacks` [(key, colour)], a bar split by
    `row["families"][key]`); the name links to `link(row)` when it gives a URL."""
    if not rows:
        return _svg(width, 30, label, [_text(4, 20, empty)], "hbars")
    row_h, gap = 18, 6
    height = len(rows) * (row_h + gap) + 4
    top = max(r["n"] for r in rows) or 1
    plot_w = width - name_width - 40
    body = []
    for i, r in enumerate(rows):
        y = 2 + i * (row_h + gap)
        name = _short(str(r.get("name") or "unknown"), 26)
        href = link(r)
        label_svg = _text(name_width - 6, y + 13, name, anchor="end", fill="#1d2430")
        body.append(f'<a href="{_a(href)}">{label_svg}</a>' if href else label_svg)
        x = float(name_width)
        parts = [(k, c, (r.get("families") or {}).get(k, 0)) for k, c in stacks] \
            if stacks else [("", PROPOSAL_COLOUR, r["n"])]
        for key, colour, n in parts:
            if not n:
                continue
            w = max(n / top * plot_w, 1.5)
            tip = f"{r.get('name') or 'unknown'}: {n}" + (f" {key}" if key else "")
            rect = (f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h}" '
                    f'fill="{colour}"><title>{escape(tip)}</title></rect>')
            body.append(f'<a href="{_a(href)}">{rect}</a>' if href else rect)
            x += w
        body.append(_text(x + 5, y + 13, str(r["n"]), fill="#1d2430", weight="600"))
    return _svg(width, height, label, body, "hbars")


FAMILY_STACKS = [(fam, colour) for fam, colour in FAMILY_COLOURS.items()]


def family_legend() -> Markup:
    items = "".join(f'<span class="key"><svg width="10" height="10" aria-hidden="true">'
                    f'<rect width="10" height="10" fill="{c}"/></svg>{escape(f)}</span>'
                    for f, c in FAMILY_COLOURS.items())
    return Markup(f'<p class="legend chart-legend">{items}</p>')


# -- a proposal's life ----------------------------------------------------------------------
def proposal_life(p: dict[str, Any], *, width: int = 720,
                  actor_href: Callable[[str], str] | None = None) -> Markup:
    """When the proposal was made and each answer: who, how (stance, coloured),
    when, on one time axis; undated answers at the right edge, marked so."""
    made = p.get("date")
    resp = p.get("responses") or []
    rows: list[tuple[str, str | None, str, str, str | None]] = [
        ("made by " + _name(p.get("proposer")), made, PROPOSAL_COLOUR, "made",
         (p.get("proposer") or {}).get("id"))]
    for r in resp:
        rows.append((_name(r.get("actor")), r.get("date"), STANCE_COLOURS.get(r["stance"], MUTED),
                     r["stance"], (r.get("actor") or {}).get("id")))
    days = sorted({day for _, d, *_ in rows if (day := _day(d)) is not None})
    left, right, row_h = 190, 180, 22
    height = 30 + len(rows) * row_h
    plot_w = width - left - right
    span = (days[-1] - days[0]).days if len(days) > 1 else 0

    def x_of(d: str | None) -> float:
        day = _day(d)
        if day is None:
            return float(left + plot_w + 18)
        if not span:
            return left + plot_w / 2
        return left + (day - days[0]).days / span * plot_w

    label = f"The life of a {p.get('kind') or 'proposal'}: made and answered"
    body = [f'<line x1="{left}" x2="{left + plot_w}" y1="{height - 18}" y2="{height - 18}" '
            f'stroke="#98a2b3"/>']
    if days:
        body.append(_text(left, height - 4, days[0].isoformat(), size=10))
        if span:
            body.append(_text(left + plot_w, height - 4, days[-1].isoformat(), anchor="end",
                              size=10))
    x0 = x_of(made)
    for i, (who, d, colour, how, aid) in enumerate(rows):
        y = 14 + i * row_h
        x = x_of(d)
        name = _text(left - 8, y + 4, _short(who, 28), anchor="end", fill="#1d2430",
                     weight="600" if i == 0 else "normal")
        body.append(f'<a href="{_a(actor_href(aid))}">{name}</a>' if aid and actor_href
                    else name)
        if i:
            body.append(f'<line x1="{min(x0, x):.1f}" x2="{max(x0, x):.1f}" y1="{y}" y2="{y}" '
                        f'stroke="{colour}" stroke-width="2" stroke-dasharray="3 3"/>')
        tip = f"{who}: {how} ({d or 'undated'})"
        shape = (f'<rect x="{x - 6:.1f}" y="{y - 6}" width="12" height="12" fill="{colour}">'
                 if i == 0 else f'<circle cx="{x:.1f}" cy="{y}" r="6" fill="{colour}">')
        end = "</rect>" if i == 0 else "</circle>"
        body.append(f'{shape}<title>{escape(tip)}</title>{end}')
        # Labels in a column of their own, right of the axis: never over a line.
        body.append(_text(left + plot_w + 34, y + 4, f"{how} {d or 'undated'}", fill=colour,
                          size=11, css="life-label"))
    return _svg(width, height, label, body, "life")


def _name(ref: dict[str, Any] | None) -> str:
    return str((ref or {}).get("name") or "?")


def _day(d: str | None) -> date | None:
    if not d:
        return None
    try:
        return date.fromisoformat(d if len(d) == 10 else (d + "-01-01")[:10])
    except ValueError:
        return None


__all__ = ["FAMILY_COLOURS", "FAMILY_STACKS", "STANCE_COLOURS", "TYPE_COLOURS", "family_legend",
           "hbars", "proposal_life", "type_legend", "week_bars"]

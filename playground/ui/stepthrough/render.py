"""The panel's text for the stops shown: Qt rich text from the walkthrough's Steps (no Qt).

Only the sections of the stops shown are written (``Walkthrough.steps`` with
``kind`` and ``layer``), so stepping a large network stays cheap. Two kinds of
folding, both opened by a link:

- a long sum is written folded (``max_terms``); ``unfold:<kind>:<layer>:<n>``
  shows step ``n`` of that section written in full;
- a neuron's per-weight lines (``∂J/∂w_ij``, ``w_ij ←``) show the first
  ``WEIGHT_LINES``; ``more:<kind>:<layer>:<unit>`` shows them all.
"""

from __future__ import annotations

from html import escape

from playground.notation import ELLIPSIS
from playground.ui.style import colors

#: Per-weight lines shown for one neuron before "… n more".
WEIGHT_LINES = 3
#: Colours of the text (readable on light and dark backgrounds).
SATURATED_COLOR = colors.SATURATED
NOTE_COLOR = colors.NOTE

PHASES = {"forward": "Forward", "loss": "Loss", "backward": "Backward", "update": "Update"}


def progress(walk, cursor) -> str:
    """Where the cursor is, in words: ``Forward · layer 2 of 3 · neuron 3 of 8 · stop 12 of 53``."""
    first, last = cursor.span[0], cursor.span[-1]
    parts = [PHASES[first.kind]]
    if first.layer >= 0:
        L = walk.n_layers
        parts.append(f"layer {first.layer + 1} of {L}" + (" (output)" if first.layer == L - 1 else ""))
        n = len(walk.a[first.layer])
        if cursor.pace == "neuron" and first.unit >= 0:
            parts.append(f"neuron {first.unit + 1} of {n}")
        else:
            parts.append(f"all {n} neurons")
    elif first.kind == "update":
        parts.append("the rule")
    stop = f"stop {cursor.lo + 1} of {len(cursor.stops)}" if cursor.lo == cursor.hi else \
        f"stops {cursor.lo + 1}–{cursor.hi + 1} of {len(cursor.stops)}"
    return " · ".join(parts + [stop]) if last is not None else ""


def span_html(walk, cursor, decimals: int, max_terms: int | None, unfolded: set, expanded: set) -> str:
    """Rich text of the stops the cursor spans.

    Parameters
    ----------
    walk : Walkthrough
    cursor : Cursor
    decimals : int
    max_terms : int or None
        Fold sums longer than this (None: never).
    unfolded : set of (str, int, int)
        ``(kind, layer, n)``: step ``n`` of a section written in full.
    expanded : set of (str, int, int)
        ``(kind, layer, unit)``: every per-weight line of that neuron.
    """
    out: list[str] = []
    shown_sections = set()
    for k in range(cursor.lo, cursor.hi + 1):
        stop = cursor.stops[k]
        section = walk.steps(decimals, max_terms, kind=stop.kind, layer=stop.layer)
        first_of_section = cursor.is_section_start(k)
        weight_lines = 0
        open_ = (stop.kind, stop.layer, stop.unit) in expanded
        total = sum(1 for s in section if s.unit == stop.unit and s.quantity in ("dw", "w"))
        key = f"more:{stop.kind}:{stop.layer}:{stop.unit}"
        for n, step in enumerate(section):
            if step.unit == -1 and stop.unit != -1:
                # Headings once per section shown; notes (the general form) only at the section's start.
                if step.quantity == "note" and not first_of_section:
                    continue
                if (stop.section, n) in shown_sections:
                    continue
                shown_sections.add((stop.section, n))
            elif step.unit != stop.unit:
                continue
            if step.quantity in ("dw", "w"):
                weight_lines += 1
                if weight_lines > WEIGHT_LINES and not open_:
                    if weight_lines == WEIGHT_LINES + 1:
                        what = "∂J/∂w" if stop.kind == "backward" else "updated weights"
                        out.append(f'<p style="margin:1px 0 1px 16px"><a href="{key}">{ELLIPSIS} '
                                   f'{total - WEIGHT_LINES} more {what} of this neuron</a></p>')
                    continue
            out.append(_line(walk, step, (stop.kind, stop.layer, n), decimals, unfolded))
            if open_ and weight_lines == total and step.quantity in ("dw", "w") and total > WEIGHT_LINES:
                out.append(f'<p style="margin:1px 0 1px 16px"><a href="{key}">show fewer</a></p>')
    return "".join(out)


def _line(walk, step, key, decimals: int, unfolded: set) -> str:
    html = step.html
    link = ""
    if key in unfolded:
        html = walk.steps(decimals, None, kind=key[0], layer=key[1])[key[2]].html
        link = f' <a href="unfold:{key[0]}:{key[1]}:{key[2]}">(fold)</a>'
    elif ELLIPSIS in step.text and step.quantity not in ("layer", "note"):
        link = f' <a href="unfold:{key[0]}:{key[1]}:{key[2]}">(unfold)</a>'
    if step.quantity == "layer":
        return f'<p style="margin:8px 0 2px 0"><b>{html}</b></p>'
    if step.quantity == "note":
        return f'<p style="margin:2px 0 4px 0; color:{NOTE_COLOR}"><i>{html}</i></p>'
    style = "margin:2px 0 2px 8px"
    if step.quantity == "delta" and "; " in html:
        # "δ_j = f′(a_j)·Σ ...: error arriving ...; slope ...; δ_j = ... × ..." reads better one part a line.
        head, _, rest = html.partition(": ")
        html = head + ":<br>&nbsp;&nbsp;" + rest.replace("; ", "<br>&nbsp;&nbsp;") if rest else html
    if step.saturated:
        style += f"; color:{SATURATED_COLOR}"
        html = f"<b>⚠</b> {html}"
    return f'<p style="{style}">{html}{link}</p>'


def parse_link(href: str):
    """``("unfold", (kind, layer, n))`` or ``("more", (kind, layer, unit))`` from a link; None if unknown."""
    parts = href.split(":")
    if len(parts) != 4 or parts[0] not in ("unfold", "more"):
        return None
    try:
        return parts[0], (parts[1], int(parts[2]), int(parts[3]))
    except ValueError:
        return None


def point_html(frozen, k: int, prediction, wrong: bool, decimals: int) -> str:
    """One line about training point ``k``: its raw inputs, its target and what the network says."""
    from playground.notation import number

    raw = ", ".join(f"{escape(name)} = {number(v, decimals)}" for name, v in zip(frozen.raw_names, frozen.raw[k]))
    if frozen.n_classes == 0:
        target = f"target {number(frozen.labels[k], decimals)}"
    else:
        target = f"class {int(frozen.labels[k])}"
    y = ", ".join(number(v, decimals) for v in prediction)
    verdict = "misclassified" if frozen.n_classes and wrong else ("a bad fit" if wrong else "")
    tail = f' — <span style="color:{SATURATED_COLOR}"><b>{verdict}</b></span>' if verdict else ""
    return f"<b>Point {k + 1}</b> of {frozen.n_points}: {raw}; {target}; network y = {y}{tail}"

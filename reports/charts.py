"""Charts as PNG bytes that are identical from run to run (so the HTML can be compared).

Agg backend, fixed size and dpi, DejaVu Sans (ships with matplotlib, has Vietnamese glyphs),
no "Software" metadata and a fixed hash salt.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from reports.model import Matrix

_RC = {
    "svg.hashsalt": "tonghop",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "path.simplify": True,
}
_COLOURS = ("#2f6f4f", "#b5452b", "#c9a227", "#3f5f9f", "#7a4f9a", "#888888")
DPI = 100


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None}, bbox_inches=None)
    plt.close(fig)
    return buf.getvalue()


def _short(name: str, width: int = 28) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


# A chart row per unit stays legible up to about this many units (a figure 0.32 inch a row);
# beyond it the units with the most findings are drawn and the title says so.
MAX_ROWS = 40


def top_rows(m: Matrix, limit: int = MAX_ROWS) -> Matrix:
    """The `limit` rows with the largest totals (ties in the given roster order), in that
    order, the title noting the cut; `m` itself when it is short enough."""
    if len(m.rows) <= limit:
        return m
    ranked = sorted(range(len(m.rows)), key=lambda i: (-sum(m.values[i]), i))[:limit]
    keep = sorted(ranked)  # roster order within the shown units, as in the full chart
    title = f"{m.title} ({limit}/{len(m.rows)} đơn vị có nhiều phát hiện nhất)"
    return Matrix(title, tuple(m.rows[i] for i in keep), m.columns, tuple(m.values[i] for i in keep))


def stacked_bar(m: Matrix) -> bytes | None:
    """Findings per unit, stacked by category; None when there is nothing to draw."""
    if not m.rows or not any(any(r) for r in m.values):
        return None
    m = top_rows(m)
    with plt.rc_context(_RC):
        height = 1.2 + 0.32 * len(m.rows)
        fig, ax = plt.subplots(figsize=(8, height))
        left = [0] * len(m.rows)
        ypos = list(range(len(m.rows)))[::-1]
        for j, col in enumerate(m.columns):
            vals = [row[j] for row in m.values]
            ax.barh(ypos, vals, left=left, color=_COLOURS[j % len(_COLOURS)], label=col, height=0.7)
            left = [a + b for a, b in zip(left, vals, strict=True)]
        ax.set_yticks(ypos, [_short(r) for r in m.rows])
        ax.set_xlabel("Số phát hiện")
        ax.set_title(m.title)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.45 / height * 3), ncol=3, frameon=False)
        ax.spines[["top", "right"]].set_visible(False)
        fig.subplots_adjust(left=0.3, right=0.97, top=1 - 0.45 / height, bottom=0.9 / height + 0.1)
        return _png(fig)


def heatmap(m: Matrix) -> bytes | None:
    """Units × topics: how often each unit wrote about each of the campaign's themes."""
    if not m.rows or not m.columns or not any(any(r) for r in m.values):
        return None
    m = top_rows(m)
    keep = [j for j in range(len(m.columns)) if any(row[j] for row in m.values)]  # topics nobody raised
    m = Matrix(m.title, m.rows, tuple(m.columns[j] for j in keep), tuple(tuple(r[j] for j in keep) for r in m.values))
    with plt.rc_context(_RC):
        width = 2.6 + 0.42 * len(m.columns)
        height = 2.6 + 0.32 * len(m.rows)
        fig, ax = plt.subplots(figsize=(width, height))
        ax.imshow([list(r) for r in m.values], cmap="Greens", aspect="auto", interpolation="nearest")
        ax.set_xticks(range(len(m.columns)), [_short(c, 24) for c in m.columns], rotation=60, ha="right")
        ax.set_yticks(range(len(m.rows)), [_short(r) for r in m.rows])
        top = max(max(r) for r in m.values) or 1
        for i, row in enumerate(m.values):
            for j, v in enumerate(row):
                if v:
                    ax.text(
                        j,
                        i,
                        str(v),
                        ha="center",
                        va="center",
                        fontsize=7,
                        color="white" if v > top / 2 else "black",
                    )
        ax.set_title(m.title)
        fig.subplots_adjust(left=2.2 / width, right=0.98, top=1 - 0.4 / height, bottom=2.0 / height)
        return _png(fig)

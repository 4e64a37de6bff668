"""Charts for papers and notebooks (matplotlib, no display needed)."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files and notebooks; never a window
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from .explore import SOURCING, relays, sourcing_profile  # noqa: E402

COLOURS = {"named": "#2b6cb0", "anonymous": "#dd6b20", "unattributed": "#a0aec0",
           "secondhand": "#805ad5", "strength": "#2f855a"}


def sourcing_shares(rows: pd.DataFrame, by: str = "article_id"):
    """Stacked bars: named / anonymous / unattributed share per article (or outlet)."""
    profile = sourcing_profile(rows, by)
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(profile) + 1.5))
    left = pd.Series(0.0, index=profile.index)
    for kind in SOURCING:
        ax.barh(profile.index, profile[kind], left=left, color=COLOURS[kind], label=kind)
        left += profile[kind]
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of attributions")
    ax.set_title("Sourcing per " + ("article" if by == "article_id" else by))
    ax.legend(loc="lower right", fontsize="small")
    fig.tight_layout()
    return fig


def secondhand_shares(rows: pd.DataFrame, by: str = "article_id"):
    profile = sourcing_profile(rows, by)
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(profile) + 1.5))
    ax.barh(profile.index, profile["secondhand"], color=COLOURS["secondhand"])
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of attributions relayed from another outlet or document")
    ax.set_title("Secondhand sourcing")
    fig.tight_layout()
    return fig


def strength_histogram(rows: pd.DataFrame):
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.hist(rows["strength"].dropna(), bins=[i / 20 for i in range(21)], color=COLOURS["strength"])
    ax.set_xlabel("strength")
    ax.set_ylabel("attributions")
    ax.set_title("Strength of sourcing")
    fig.tight_layout()
    return fig


def relay_graph(rows: pd.DataFrame):
    """Outlets (left) linked to the sources they relay (right); line width = count."""
    pairs = relays(rows)
    outlets = list(dict.fromkeys(pairs["outlet"]))
    sources = list(dict.fromkeys(pairs["source"]))
    height = max(len(outlets), len(sources), 1)
    fig, ax = plt.subplots(figsize=(9, 0.45 * height + 1.5))
    y_out = {o: height - 1 - i * height / max(len(outlets), 1) for i, o in enumerate(outlets)}
    y_src = {s: height - 1 - i * height / max(len(sources), 1) for i, s in enumerate(sources)}
    for _, p in pairs.iterrows():
        ax.plot([0, 1], [y_out[p["outlet"]], y_src[p["source"]]], color=COLOURS["secondhand"],
                linewidth=1 + p["count"], alpha=0.6)
    for o, y in y_out.items():
        ax.text(-0.02, y, o, ha="right", va="center", fontsize=9)
    for s, y in y_src.items():
        ax.text(1.02, y, s[:60], ha="left", va="center", fontsize=9)
    ax.set_xlim(-0.6, 1.8)
    ax.axis("off")
    ax.set_title("Who relays whom (outlet -> cited source)")
    fig.tight_layout()
    return fig


CHARTS = {"sourcing": sourcing_shares, "secondhand": secondhand_shares,
          "strength": strength_histogram, "relays": relay_graph}


def save_all(rows: pd.DataFrame, directory: Path | str, formats=("png", "svg")) -> list[Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, chart in CHARTS.items():
        fig = chart(rows)
        for fmt in formats:
            path = directory / f"{name}.{fmt}"
            fig.savefig(path, dpi=150)
            written.append(path)
        plt.close(fig)
    return written

"""Text a person reads on a terminal: the explain-mode table."""

from __future__ import annotations

from scrape.pipeline import Explanation

_TEXT_WIDTH = 70
_SIGNAL_WIDTH = 38


def render_explanation(found: Explanation) -> str:
    """One line per block: its number, the decision, the signal that decided it, its text."""
    lines = [f"{'#':>4}  {'decision':<16}{'signal':<{_SIGNAL_WIDTH}}  text"]
    for number, row in enumerate(found.rows, 1):
        signal, text = _cut(row.signal, _SIGNAL_WIDTH), _cut(row.text, _TEXT_WIDTH)
        lines.append(f"{number:>4}  {row.decision:<16}{signal:<{_SIGNAL_WIDTH}}  {text}")
    lines.append("")
    lines.append(_outcome(found))
    return "\n".join(lines)


def _outcome(found: Explanation) -> str:
    article = found.article
    if article is None:
        error = found.error
        reason = error.reason if error is not None else "unknown"
        return f"no record: {reason}: {error}"
    return (
        f"record: extractor {article.extractor}; {len(article.body)} body paragraphs, "
        f"{len(article.read_links)} read links, {len(article.tags)} tags, "
        f"standfirst {'yes' if article.standfirst else 'none'}"
    )


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"

"""``citeline evaluate-extraction CORPUS_DIR``: score the HTML reader on gold pages.

The corpus folder holds ``NAME.html`` pages with their article bodies in ``NAME.txt``
(and may hold ``expected.json`` with titles and dates); see
``citeline.core.sources.evaluate``. Both extractors are scored unless one is named.
"""

from __future__ import annotations

from pathlib import Path

import click


@click.command("evaluate-extraction")
@click.argument("corpus_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "--extractor",
    type=click.Choice(["heuristic", "trafilatura", "both"]),
    default="both",
    help="Which reader to score: the old heuristics, trafilatura, or both.",
)
@click.option("--pages", "per_page", is_flag=True, help="Also list each page's scores.")
def command(corpus_dir: Path, extractor: str, per_page: bool) -> None:
    """Score how well the article text of CORPUS_DIR's pages is found."""
    from citeline.core.sources.evaluate import EXTRACTORS, evaluate

    names = EXTRACTORS if extractor == "both" else (extractor,)
    click.echo(
        f"{'extractor':<13}{'F1':>7}{'P':>7}{'R':>7}{'lost':>6}{'paras':>7}{'titles':>9}"
        f"{'dates':>8}{'ms/page':>9}"
    )
    results = [evaluate(corpus_dir, name) for name in names]
    for scores in results:
        titles, checked_titles = scores.count("title_ok")
        dates, checked_dates = scores.count("date_ok")
        lost = sum(1 for p in scores.pages if p.lost)
        click.echo(
            f"{scores.extractor:<13}{scores.f1:7.3f}{scores.mean('precision'):7.3f}"
            f"{scores.mean('recall'):7.3f}{lost:6d}{scores.mean('paragraphs'):7.2f}"
            f"{f'{titles}/{checked_titles}':>9}"
            f"{f'{dates}/{checked_dates}':>8}{1000 * scores.mean('seconds'):9.1f}"
        )
    if per_page:
        for scores in results:
            click.echo(f"\n{scores.extractor}")
            for p in scores.pages:
                flags = "".join(
                    mark
                    for mark, bad in (
                        (" LOST", p.lost),
                        (" title", p.title_ok is False),
                        (" date", p.date_ok is False),
                    )
                    if bad
                )
                click.echo(
                    f"  {p.name:<22} P {p.precision:.3f}  R {p.recall:.3f}  "
                    f"paragraphs {p.paragraphs:.2f}{flags}"
                )

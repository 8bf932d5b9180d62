"""``citeline evaluate-dates CORPUS_DIR``: score the date finder on a gold corpus.

The corpus folder holds ``manifest.json``, ``NAME.txt`` and ``NAME.gold.jsonl`` files
(TIMEX3 gold with character offsets). The finder runs in this process; the measures
are those of TempEval-3 (see ``citeline.core.timex.evaluate``).
"""

from __future__ import annotations

from pathlib import Path

import click


@click.command("evaluate-dates")
@click.argument("corpus_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("--errors", is_flag=True, help="Also list misses, spurious and wrong values.")
def command(corpus_dir: Path, errors: bool) -> None:
    """Score the date finder against the gold time expressions in CORPUS_DIR."""
    from citeline.core.timex.evaluate import citeline_tagger, evaluate, measures

    counts = evaluate(corpus_dir, citeline_tagger, errors=errors)
    if errors:
        for line in counts.errors:
            click.echo(line, err=True)
    r = measures(counts)
    click.echo(f"corpus {corpus_dir}  gold {counts.gold}  predicted {counts.pred}")
    click.echo(f"{'':10}{'P':>8}{'R':>8}{'F1':>8}")
    for k in ("strict", "relaxed"):
        click.echo(f"{k:10}{r[k + '_p']:8.2f}{r[k + '_r']:8.2f}{r[k + '_f1']:8.2f}")
    click.echo(f"type      accuracy {r['type_accuracy']:6.2f}   F1 {r['type_f1']:6.2f}")
    click.echo(f"value     accuracy {r['value_accuracy']:6.2f}   F1 {r['value_f1']:6.2f}")
    mb = counts.chars / 1e6
    click.echo(f"throughput {r['mb_per_s']:.2f} MB/s ({mb:.2f} MB in {counts.seconds:.2f} s)")

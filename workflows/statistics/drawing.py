"""How a chart of the sector statistics is shown: its numbers in local formats and its drawing, computed here so
the template only places them (server-side, no script)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import numberformat
from django.utils.translation import gettext as _

from registry.selectors.sector_statistics import DECIMAL, INT, PERCENT, TEXT, YUAN
from registry.selectors.statistics_base import Chart

# The line drawing's box (SVG user units); the SVG scales to its container's width.
WIDTH, HEIGHT, PAD = 600, 220, 30
SERIES_COLOURS = ("#b71c1c", "#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00")


def column_formats(chart: Chart) -> tuple[str, ...]:
    """The format of each column: as the chart names them, else text for the label and numbers for the rest."""
    formats = chart.extra.get("formats")
    if formats and len(formats) == len(chart.columns):
        return tuple(formats)
    numbers = range(1, len(chart.columns))
    return (TEXT,) + tuple(INT if all(isinstance(r[i], int) for r in chart.rows) else DECIMAL for i in numbers)


def number_format(value, decimal_pos: int) -> str:
    """A number with thousands separators (1,203; 5,000.00), as statistics tables print them in both languages."""
    return numberformat.format(
        value, ".", decimal_pos=decimal_pos, grouping=3, thousand_sep=",", force_grouping=True, use_l10n=False
    )


def formatted(value, fmt: str) -> str:
    """A cell as the page shows it: thousands separators, one decimal for rates and medians, 元 for money."""
    if value is None:
        return "—"
    if fmt == TEXT or isinstance(value, str):
        return str(value)
    if fmt == PERCENT:
        return _("%(number)s%%") % {"number": number_format(value, 1)}
    if fmt == YUAN:
        return _("%(amount)s元") % {"amount": number_format(value, 2)}
    if fmt == INT or (isinstance(value, int) and fmt != DECIMAL):
        return number_format(value, 0)
    return number_format(value, 1)


@dataclass
class Bar:
    label: str
    text: str
    width: Decimal  # per cent of the widest bar


@dataclass
class Series:
    name: str
    colour: str
    points: str  # the polyline's "x,y x,y ..."
    dots: list


def bar_column(chart: Chart) -> int:
    column = chart.extra.get("bar_column", 1)
    return column if 0 < column < len(chart.columns) else 1


def bars(chart: Chart, formats) -> list[Bar]:
    """One bar per row, of the chart's bar column, scaled to the largest (a rate column to 100 %)."""
    column = bar_column(chart)
    values = [row[column] or 0 for row in chart.rows]
    top = Decimal(100) if formats[column] == PERCENT else Decimal(max(values, default=0) or 1)
    return [
        Bar(
            label=str(row[0]),
            text=formatted(row[column], formats[column]),
            width=(Decimal(value) * 100 / top).quantize(Decimal("0.1")) if top else Decimal(0),
        )
        for row, value in zip(chart.rows, values, strict=True)
    ]


def lines(chart: Chart) -> list[Series]:
    """One polyline per number column over the rows (months, years), on a shared scale from zero."""
    count = len(chart.rows)
    top = max((row[i] or 0 for row in chart.rows for i in range(1, len(chart.columns))), default=0) or 1
    step = (WIDTH - 2 * PAD) / max(count - 1, 1)
    series = []
    for i in range(1, len(chart.columns)):
        scale = (HEIGHT - 2 * PAD) / float(top)
        coords = [
            (round(PAD + index * step, 1), round(HEIGHT - PAD - float(row[i] or 0) * scale, 1))
            for index, row in enumerate(chart.rows)
        ]
        series.append(
            Series(
                name=str(chart.columns[i]),
                colour=SERIES_COLOURS[(i - 1) % len(SERIES_COLOURS)],
                points=" ".join(f"{x},{y}" for x, y in coords),
                dots=coords,
            )
        )
    return series


def drawing(chart: Chart) -> dict:
    """What the template needs to show one chart: formatted rows, and its bars or lines."""
    formats = column_formats(chart)
    rows = [
        [(formatted(value, fmt), str(column)) for value, fmt, column in zip(row, formats, chart.columns, strict=True)]
        for row in chart.rows
    ]
    # A table of more than three columns takes the page's whole width beside the others.
    shown = {"chart": chart, "rows": rows, "kind": chart.kind, "wide": len(chart.columns) > 3}
    if chart.kind == "line" and chart.rows:
        top = max((row[i] or 0 for row in chart.rows for i in range(1, len(chart.columns))), default=0)
        shown.update(
            series=lines(chart),
            box=f"0 0 {WIDTH} {HEIGHT}",
            axis={"x1": PAD, "x2": WIDTH - PAD, "y": HEIGHT - PAD, "top_y": PAD},
            top=formatted(top, formats[1]),
            first=str(chart.rows[0][0]),
            last=str(chart.rows[-1][0]),
        )
    elif chart.kind == "bar":
        shown.update(bars=bars(chart, formats), bar_title=str(chart.columns[bar_column(chart)]))
    return shown

"""The shape every chart of the sector statistics takes: a title, its table, and how to draw it."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Chart:
    """One chart of a statistics page and the table it is drawn from.

    `columns` names the table's columns; each row is a tuple of the same length whose first cell is the label
    and whose other cells are numbers (int, Decimal or float). `kind` is how the page draws it: "bar"
    (horizontal bars of the first number column), "line" (a series over the rows, such as months) or
    "table" (the table only). `note` says how the figures are counted."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    kind: str = "bar"
    note: str = ""
    unit: str = ""
    section: str = ""
    extra: dict = field(default_factory=dict)

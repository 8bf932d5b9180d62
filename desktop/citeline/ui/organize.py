"""Organizing a project from the window: lanes and eras, asked for with small dialogs."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QWidget

from citeline.core import catalog, queries
from citeline.core.dates import format_date, parse_date
from citeline.core.errors import CitelineError
from citeline.ui.document import Document


class Organizer(QObject):
    """Adds, renames, edits and deletes lanes and eras, each as one undo step."""

    def __init__(self, window: QWidget, document: Document) -> None:
        super().__init__(window)
        self.window = window
        self.document = document

    def _ask(self, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self.window, title, label, text=text)
        return value.strip() if ok and value.strip() else None

    def _choose(self, title: str, rows: list[tuple[str, int]]) -> int | None:
        if not rows:
            self.window.show_problem(f"{title}: there is nothing to choose from")
            return None
        names = [name for name, _ in rows]
        name, ok = QInputDialog.getItem(self.window, title, "Choose:", names, 0, False)
        return rows[names.index(name)][1] if ok else None

    def _push(self, make) -> None:
        try:
            edit = make()
        except CitelineError as exc:
            self.window.show_problem(str(exc))
            return
        self.document.push(edit)

    def new_lane(self) -> None:
        name = self._ask("New Lane", "Lane name:")
        if name:
            self._push(lambda: catalog.add_lane(self.document.store, name)[0])

    def _lanes(self) -> list[tuple[str, int]]:
        return [(lane.name, lane.id) for lane in queries.lanes(self.document.store)]

    def rename_lane(self) -> None:
        lane_id = self._choose("Rename Lane", self._lanes())
        if lane_id is None:
            return
        current = dict((v, k) for k, v in self._lanes())[lane_id]
        name = self._ask("Rename Lane", "New name:", current)
        if name:
            self._push(lambda: catalog.rename_lane(self.document.store, lane_id, name))

    def delete_lane(self) -> None:
        lane_id = self._choose("Delete Lane (its items stay, without a lane)", self._lanes())
        if lane_id is not None:
            self._push(lambda: catalog.delete_lane(self.document.store, lane_id))

    def _eras(self) -> list[tuple[str, int]]:
        return [(f"{e.name} ({e.date_edtf})", e.id) for e in queries.eras(self.document.store)]

    def new_era(self) -> None:
        name = self._ask("New Era", "Era name:")
        if not name:
            return
        dates = self._ask("New Era", "Dates (e.g. 2017-01-20 to 2021-01-20):")
        if dates:
            self._push(lambda: catalog.add_era(self.document.store, name, parse_date(dates))[0])

    def edit_era(self) -> None:
        era_id = self._choose("Edit Era", self._eras())
        if era_id is None:
            return
        row = self.document.store.row("eras", era_id)
        name = self._ask("Edit Era", "Era name:", row["name"])
        dates = self._ask("Edit Era", "Dates:", format_date(row["date_edtf"], style="long"))
        if name and dates:
            self._push(
                lambda: catalog.update_era(
                    self.document.store, era_id, name=name, date=parse_date(dates)
                )
            )

    def delete_era(self) -> None:
        era_id = self._choose("Delete Era", self._eras())
        if era_id is not None:
            self._push(lambda: catalog.delete_era(self.document.store, era_id))

"""``ws.maps``: the journey maps of a workspace, as a notebook user and the CLI hold them.

A thin facade: storage is :class:`~journeymap.maps.store.MapStore`, and each operation
(templates, generation, bindings, diffs, reminders, exports) lives in its own module; this
class only hands them the workspace and the store.
"""

from __future__ import annotations

import getpass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.errors import MapError
from journeymap.maps.model import JourneyMap
from journeymap.maps.store import MapInfo, MapStore, VersionInfo
from journeymap.maps.version_notes import Note
from journeymap.results import TableResult

if TYPE_CHECKING:
    from journeymap.workspace import Workspace

CREATED = Note("created")


def default_author() -> str:
    """Who is saving: the OS user, as git and most editors assume."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class Maps:
    """The journey maps of one workspace."""

    def __init__(self, workspace: Workspace, store: MapStore) -> None:
        self.workspace = workspace
        self.store = store

    def __repr__(self) -> str:
        return f"<Maps of {self.workspace.path} in {self.store.safe_url}>"

    def create(self, doc: JourneyMap, author: str | None = None,
               message: str | Note = CREATED) -> MapInfo:
        """Store a new map (version 1); ``message`` is text, or a :class:`Note` (stored as
        its English text and as data, see :mod:`journeymap.maps.version_notes`)."""
        return self.store.create(doc, author or default_author(), message)

    def get(self, map_id: int, version: int | None = None) -> JourneyMap:
        """A map as saved in ``version`` (default: the latest)."""
        return self.store.get(map_id, version)

    def save(self, map_id: int, doc: JourneyMap, author: str | None = None,
             message: str | Note = "", base_version: int | None = None) -> VersionInfo:
        """Save the next version of a map (nothing is added when it did not change)."""
        return self.store.save(map_id, doc, author or default_author(), message, base_version)

    def list(self) -> list[MapInfo]:
        return self.store.list()

    def info(self, map_id: int) -> MapInfo:
        return self.store.info(map_id)

    def history(self, map_id: int) -> list[VersionInfo]:
        return self.store.versions(map_id)

    def delete(self, map_id: int) -> None:
        self.store.delete(map_id)

    # -- from templates and data ---------------------------------------------------------
    def new(self, template: str, language: str | None = None, title: str | None = None,
            author: str | None = None) -> MapInfo:
        """Create a map from a Korean or English template (``journeymap map templates``)."""
        from journeymap.maps.templates import load_template

        doc = load_template(template, language or self.language(), title=title)
        return self.create(doc, author, message=Note("created_from_template",
                                                     {"template": template}))

    def generate(self, *, persona: str | None = None, segment: str | None = None,
                 level: str = "person", language: str | None = None,
                 title: str | None = None, author: str | None = None) -> MapInfo:
        """Create a current-state map from the workspace's data (every number bound).

        ``persona`` names a persona of a stored map whose segment gives the journeys to
        count (or only labels the map when ``segment`` is given).
        """
        from journeymap.maps.generate import generate_map

        if persona is not None and segment is None:
            segment = self._persona_segment(persona)
        doc = generate_map(self.workspace, persona=persona, segment=segment, level=level,
                           language=language or self.language(), title=title)
        return self.create(doc, author, message=Note("generated"))

    def refresh(self, map_id: int, author: str = "journeymap") -> VersionInfo:
        """Recompute every bound number of a map and save it as a new version."""
        from journeymap.maps.generate import refresh_values

        doc = self.get(map_id)
        changed = refresh_values(self.workspace, doc)
        return self.save(map_id, doc, author, message=Note("refreshed", {"changed": changed}))

    def refresh_all(self) -> list[VersionInfo]:
        """Refresh every map that has bound numbers (``journeymap build`` calls this)."""
        return [self.refresh(m.id) for m in self.list()
                if any(True for _ in self.get(m.id).bindings())]

    # -- versions, comparison, reviews ---------------------------------------------------
    def diff(self, map_id: int, old: int | None = None, new: int | None = None) -> TableResult:
        """What changed from version ``old`` (default: the one before ``new``) to ``new``
        (default: the latest)."""
        from journeymap.maps.diff import diff_maps

        new = new or self.info(map_id).head
        old = old or max(new - 1, 1)
        return diff_maps(self.get(map_id, old), self.get(map_id, new),
                         title=f"map {map_id}: version {old} → {new}")

    def compare(self, current_id: int, future_id: int) -> TableResult:
        """A current-state map beside a future-state map, stage by stage and lane by lane."""
        from journeymap.maps.compare import compare_maps

        return compare_maps(self.get(current_id), self.get(future_id))

    def review(self, map_id: int, author: str | None = None,
               cadence_months: int | None = None) -> VersionInfo:
        """Record that the map was reviewed now: the review clock restarts and every bound
        number's current value becomes the one later movements are measured from."""
        doc = self.get(map_id)
        doc.review.last_reviewed_at = datetime.now(UTC)
        if cadence_months is not None:
            doc.review.cadence_months = cadence_months
        for _, b in doc.bindings():
            b.reviewed = b.value
        return self.save(map_id, doc, author or default_author(), message=Note("reviewed"))

    def due(self, now: datetime | None = None, threshold: float | None = None) -> TableResult:
        """Maps past their review date or whose bound numbers moved more than
        ``threshold`` (relative; default ``documents.review_threshold``) since their last
        review."""
        from journeymap.maps.due import due_rows

        limit = self.workspace.settings.documents.review_threshold
        return due_rows([(m.id, self.get(m.id), m.created_at) for m in self.list()],
                        now or datetime.now(UTC), limit if threshold is None else threshold)

    def check(self, map_id: int, language: str | None = None) -> TableResult:
        """What the map still lacks, by the six steps of journey mapping (``map guide``)."""
        import pyarrow as pa

        from journeymap.maps.guide import check_map

        gaps = check_map(self.get(map_id), language)
        rows = [{"step": g.step, "stage": g.stage, "lane": None if g.lane is None
                 else str(g.lane), "code": g.code, "message": g.message} for g in gaps]
        schema = pa.schema([(f, pa.string()) for f in ("step", "stage", "lane", "code",
                                                        "message")])
        return TableResult(pa.Table.from_pylist(rows, schema=schema), f"map {map_id}: to do")

    # -- files -------------------------------------------------------------------------
    def export(self, map_id: int, path: str | Path, version: int | None = None) -> Path:
        """Write a map to ``path``; the format follows the suffix (see ``EXPORTS``)."""
        from journeymap.render.map_export import export_map

        return export_map(self.get(map_id, version), Path(path),
                          tz=self.workspace.settings.timezone)

    def import_file(self, path: str | Path, author: str | None = None,
                    title: str | None = None) -> MapInfo:
        """Create a map from a JSON, CSV/XLSX grid or Xmind file."""
        from journeymap.maps.read_file import read_map_file

        doc = read_map_file(Path(path), title=title, language=self.language())
        return self.create(doc, author, message=Note("imported",
                                                     {"file": Path(path).name}))

    def language(self) -> str:
        """The language new maps are made in: the workspace locale's (ko or en)."""
        return "ko" if self.workspace.settings.locale == "ko" else "en"

    def _persona_segment(self, persona: str) -> str:
        known: dict[str, str | None] = {}
        for m in self.list():
            for p in self.get(m.id).personas:
                known.setdefault(p.name, p.segment)
        if known.get(persona):
            return known[persona]  # type: ignore[return-value]
        with_segment = sorted(k for k, v in known.items() if v)
        raise MapError(f"no stored map has a persona '{persona}' with a segment",
                       field="persona",
                       hint=("personas with a segment: " + ", ".join(with_segment))
                       if with_segment else "give the journeys to count with --segment")


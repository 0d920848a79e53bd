"""``ws.maps``: the journey maps of a workspace, as a notebook user and the CLI hold them.

A thin facade: storage is :class:`~journeymap.maps.store.MapStore`, and each operation
(templates, generation, bindings, diffs, reminders, exports) lives in its own module; this
class only hands them the workspace and the store.
"""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING

from journeymap.maps.model import JourneyMap
from journeymap.maps.store import MapInfo, MapStore, VersionInfo

if TYPE_CHECKING:
    from journeymap.workspace import Workspace


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
               message: str = "created") -> MapInfo:
        """Store a new map (version 1)."""
        return self.store.create(doc, author or default_author(), message)

    def get(self, map_id: int, version: int | None = None) -> JourneyMap:
        """A map as saved in ``version`` (default: the latest)."""
        return self.store.get(map_id, version)

    def save(self, map_id: int, doc: JourneyMap, author: str | None = None,
             message: str = "", base_version: int | None = None) -> VersionInfo:
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

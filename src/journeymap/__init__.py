"""journeymap: data-driven customer journey mapping.

``import journeymap as jm; ws = jm.Workspace("dir"); ws.ingest(...); ws.build()``.
"""

from journeymap.errors import JourneymapError
from journeymap.workspace import Workspace, init_workspace

__version__ = "0.1.0"
__all__ = ["JourneymapError", "Workspace", "__version__", "init_workspace"]

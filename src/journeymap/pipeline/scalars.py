"""Reading one value (a count, a minimum) from the engine as a Python object.

Goes through Arrow rather than ``backend.execute`` so no pandas conversion (and none of
its version warnings) is involved for a single number.
"""

from __future__ import annotations

from typing import Any

import ibis.expr.types as ir

from journeymap.engine import Engine


def scalar(engine: Engine, expr: ir.Scalar) -> Any:
    """The value of a scalar expression (``t.count()``, ``t.ts.max()``)."""
    value = engine.to_arrow(expr)
    return value.as_py() if hasattr(value, "as_py") else value


def count(engine: Engine, table: ir.Table) -> int:
    """Rows of ``table``."""
    return int(scalar(engine, table.count()))

"""Event fields and filters that users name in analyses, compiled to Ibis expressions.

Users write ``channel``, ``touchpoint``, ``stage`` or ``properties.plan``; this module
checks the name against the ``touches`` table (a typo is an error listing the fields that
exist) and turns a :class:`Condition` into a boolean Ibis expression. Values are Ibis
literals (parameters), never text spliced into SQL.
"""

from __future__ import annotations

import difflib
from typing import Any, Literal

import ibis
import ibis.expr.types as ir
from pydantic import BaseModel, ConfigDict

from journeymap.errors import AnalysisError

PROPERTIES_PREFIX = "properties."
#: Columns of ``touches`` that are plumbing, not something a user filters or splits on.
HIDDEN_FIELDS = frozenset({"load_id", "source_row", "stage_order", "properties"})

Operator = Literal["=", "!=", "in", "not in", ">", ">=", "<", "<=", "~", "exists"]


class Condition(BaseModel):
    """``field op value``: ``channel = paid_search``, ``properties.plan in [pro, team]``,
    ``rating >= 9``, ``touchpoint ~ page_view:/blog/*`` (``~`` is a glob, ``*`` any text)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    field: str
    op: Operator = "="
    value: Any = None


def field_names(table: ir.Table) -> list[str]:
    """Fields a user may name (``properties.<key>`` besides these)."""
    return [n for n in table.columns if n not in HIDDEN_FIELDS]


def field_expr(table: ir.Table, name: str) -> ir.Value:
    """The column a user named; ``properties.<key>`` reads a key of the JSON properties."""
    if name.startswith(PROPERTIES_PREFIX):
        key = name[len(PROPERTIES_PREFIX):]
        if not key:
            raise AnalysisError("a properties field needs a key", field=name,
                                hint="write properties.<key>, for example properties.plan",
                                code="analysis.properties_without_key")
        return table.properties.cast("json")[key].str
    if name in table.columns and name not in HIDDEN_FIELDS:
        return table[name]
    raise unknown_field(name, field_names(table))


def unknown_field(name: str, known: list[str]) -> AnalysisError:
    """An error naming the field, the closest existing ones and the properties escape."""
    close = difflib.get_close_matches(name, known, n=3)
    hint = (f"did you mean {', '.join(close)}? " if close else "") + (
        f"fields: {', '.join(known)}; JSON properties as properties.<key>")
    return AnalysisError(f"no field named '{name}'", field=name, hint=hint,
                         code="analysis.unknown_field",
                         params={"name": name, "close": close, "fields": known})


def glob_expr(col: ir.StringValue, pattern: str) -> ir.BooleanValue:
    """``col`` matches ``pattern`` where ``*`` is any text (the stage rules' glob)."""
    from journeymap.pipeline.stages import glob_matches

    return glob_matches(col, pattern)


def condition_expr(table: ir.Table, cond: Condition) -> ir.BooleanValue:
    """A null-safe boolean: a missing value never satisfies a comparison."""
    col = field_expr(table, cond.field)
    if cond.op == "exists":
        return col.notnull()
    if cond.op in ("in", "not in"):
        values = cond.value if isinstance(cond.value, list | tuple) else [cond.value]
        test = col.cast("string").isin([str(v) for v in values])
        return (~test if cond.op == "not in" else test).fill_null(False)
    if cond.op == "~":
        return glob_expr(col.cast("string"), str(cond.value)).fill_null(False)
    value = _literal_for(col, cond)
    ops = {"=": col.__eq__, "!=": col.__ne__, ">": col.__gt__, ">=": col.__ge__,
           "<": col.__lt__, "<=": col.__le__}
    return ops[cond.op](value).fill_null(False)


def _type_name(dtype: Any) -> str:
    """``number``, ``time`` or ``true/false``: the kinds of value a filter compares."""
    return ("number" if dtype.is_numeric() else "time" if dtype.is_timestamp()
            else "true/false" if dtype.is_boolean() else "text")


def _literal_for(col: ir.Value, cond: Condition) -> ir.Value:
    """The condition's value typed like the column, or a clear error if it cannot be."""
    dtype = col.type()
    try:
        if dtype.is_numeric():
            return ibis.literal(float(cond.value))
        if dtype.is_timestamp():
            return ibis.timestamp(str(cond.value))
        if dtype.is_boolean():
            return ibis.literal(str(cond.value).lower() in ("1", "true", "yes"))
    except (TypeError, ValueError) as exc:
        raise AnalysisError(f"'{cond.value}' is not a valid {dtype} value", field=cond.field,
                            hint="compare numbers with numbers, times with ISO dates",
                            code="analysis.bad_value",
                            params={"value": str(cond.value), "type": _type_name(dtype)},
                            ) from exc
    return ibis.literal(str(cond.value))

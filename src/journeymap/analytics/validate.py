"""Turning an analysis spec's validation failure into one clear journeymap error."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from journeymap.errors import AnalysisError

SpecT = TypeVar("SpecT", bound=BaseModel)


def validated(model: type[SpecT], **values: Any) -> SpecT:
    """``model(**values)``; a pydantic error becomes an :class:`AnalysisError` naming the
    field (``steps.2``) and the reason, so the CLI prints one line and notebooks can catch
    ``ValueError``. Its code is ``analysis.invalid_spec``, with Pydantic's error type, context
    and location as params (an AnalysisError a validator raised keeps its own code)."""
    try:
        return model(**values)
    except AnalysisError:
        raise
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or None
        message = str(first["msg"]).removeprefix("Value error, ")
        cause = first.get("ctx", {}).get("error")
        if isinstance(cause, AnalysisError):
            raise cause from exc
        ctx = {k: v for k, v in (first.get("ctx") or {}).items()
               if isinstance(v, str | int | float)}
        raise AnalysisError(message, field=where,
                            hint="see docs/analytics.md for the funnel spec",
                            code="analysis.invalid_spec",
                            params={"where": [str(p) for p in first["loc"]],
                                    "type": first["type"], "ctx": ctx}) from exc

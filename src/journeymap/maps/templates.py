"""Built-in journey-map templates in Korean and English, read from ``templates/*.toml``.

A template is two files, ``<name>.en.toml`` and ``<name>.ko.toml``, each written for its
readers (the Korean one is not a translation of the English one); a test keeps their
structure in step: the same stage ids, lane kinds and analytics stages. A file is a map
document with two shortcuts that keep it short and the same across languages:

* ``lanes`` lists lane kinds; a lane's id is its kind and its name comes from
  :data:`LANE_NAMES` (a ``[lane_names]`` table overrides one);
* each stage's ``[stages.cells]`` table holds that stage's items per lane kind; a plain
  string becomes the lane's usual item (a touchpoint, a KPI, a text ...).

``description`` is shown by :func:`list_templates` and is not part of the map. Text in
square brackets (the persona, the scenario) is a placeholder: see :func:`is_placeholder`.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from journeymap.errors import MapError
from journeymap.maps.model import JourneyMap, MapType
from journeymap.maps.schema import parse_map

LANGUAGES = ("ko", "en")
_FILE = re.compile(r"^(?P<name>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<language>ko|en)\.toml$")

LANE_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "actions": "Actions", "touchpoints": "Touchpoints", "channels": "Channels",
        "thoughts": "Thoughts", "emotions": "Emotions", "pain_points": "Pain points",
        "opportunities": "Opportunities", "kpis": "KPIs", "custom": "Notes",
        "evidence": "Evidence", "frontstage": "Frontstage",
        "line_of_visibility": "Line of visibility", "backstage": "Backstage",
        "support": "Support processes",
    },
    "ko": {
        "actions": "고객 행동", "touchpoints": "터치포인트", "channels": "채널",
        "thoughts": "고객 생각", "emotions": "감정", "pain_points": "페인 포인트",
        "opportunities": "개선 기회", "kpis": "KPI", "custom": "메모",
        "evidence": "물리적 증거", "frontstage": "프론트스테이지",
        "line_of_visibility": "가시선", "backstage": "백스테이지",
        "support": "지원 프로세스",
    },
}

# the item a plain string becomes in a lane of this kind: (item kind, field); else a text
_STRING_ITEMS = {
    "touchpoints": ("touchpoint", "name"),
    "kpis": ("kpi", "name"),
    "pain_points": ("pain_point", "text"),
    "opportunities": ("opportunity", "description"),
}


@dataclass(frozen=True)
class TemplateInfo:
    """What a template offers, for a list to choose from."""

    name: str
    title: str
    description: str
    type: MapType
    stages: tuple[str, ...]


def _folder() -> Traversable:
    return resources.files(__package__).joinpath("templates")


def _discover() -> tuple[str, ...]:
    return tuple(sorted({m["name"] for entry in _folder().iterdir()
                         if (m := _FILE.match(entry.name))}))


TEMPLATES: tuple[str, ...] = _discover()
"""Names of the built-in templates, from the files in ``templates/`` (sorted)."""


def is_placeholder(text: str) -> bool:
    """Whether ``text`` is a template's fill-in prompt, written in square brackets."""
    text = text.strip()
    return len(text) >= 2 and text[0] == "[" and text[-1] == "]"


def list_templates(language: str = "en") -> list[TemplateInfo]:
    """Every built-in template with its title, description and stage names in
    ``language``."""
    infos = []
    for name in TEMPLATES:
        raw = _read(name, language)
        doc = _parse(raw, name, language)
        infos.append(TemplateInfo(name=name, title=doc.title,
                                  description=str(raw.get("description", "")),
                                  type=doc.type, stages=tuple(s.name for s in doc.stages)))
    return infos


def load_template(name: str, language: str = "en", title: str | None = None) -> JourneyMap:
    """A new map from the template ``name`` in ``language`` (``ko`` or ``en``), titled
    ``title`` (default: the template's title)."""
    raw = _read(name, language)
    if title is not None:
        raw = raw | {"title": title}
    return _parse(raw, name, language)


def template_source(name: str, language: str) -> str:
    """The file name of a template, as error messages name it."""
    return f"templates/{name}.{language}.toml"


def _read(name: str, language: str) -> dict[str, Any]:
    if language not in LANGUAGES:
        raise MapError(f"templates come in {' and '.join(LANGUAGES)}, not '{language}'",
                       field="language", hint="use language='ko' or language='en'")
    if name not in TEMPLATES:
        raise _unknown(name)
    source = template_source(name, language)
    entry = _folder().joinpath(f"{name}.{language}.toml")
    if not entry.is_file():
        raise MapError(f"template '{name}' has no {language} version", file=source)
    try:
        return tomllib.loads(entry.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise MapError(f"the template is not valid TOML: {exc}", file=source) from None


def _unknown(name: str) -> MapError:
    close = difflib.get_close_matches(name, TEMPLATES, n=1, cutoff=0.5) or [
        t for t in TEMPLATES if name and name.lower() in t]
    guess = f"; did you mean '{close[0]}'?" if close else ""
    return MapError(f"no template named '{name}'{guess}",
                    hint=f"the templates are {', '.join(TEMPLATES)}")


def _parse(raw: dict[str, Any], name: str, language: str) -> JourneyMap:
    """Expand the template shortcuts into a map document and validate it."""
    source = template_source(name, language)
    data = {k: v for k, v in raw.items() if k not in ("description", "lane_names")}
    data["language"] = language
    names = LANE_NAMES[language] | raw.get("lane_names", {})
    kinds = [str(kind) for kind in raw.get("lanes", [])]
    data["lanes"] = [{"id": kind, "name": names.get(kind, kind), "kind": kind}
                     for kind in kinds]
    data["stages"], data["cells"] = [], []
    for stage in raw.get("stages", []):
        stage = dict(stage)
        per_lane = stage.pop("cells", {})
        data["stages"].append(stage)
        stage_id = stage.get("id") or stage.get("name", "?")
        for kind, items in per_lane.items():
            if kind not in kinds:
                raise MapError(f"stage '{stage_id}' has items for a '{kind}' lane, which "
                               "the template does not list in lanes", file=source,
                               hint=f"add '{kind}' to lanes or remove the items")
            data["cells"].append({"stage": stage_id, "lane": kind,
                                  "items": [_item(kind, item) for item in items]})
    return parse_map(data, source=source)


def _item(lane_kind: str, value: Any) -> Any:
    item_kind, field = _STRING_ITEMS.get(lane_kind, ("text", "text"))
    if isinstance(value, str):
        return {"kind": item_kind, field: value}
    if isinstance(value, dict) and "kind" not in value:
        return {"kind": item_kind, **value}
    return value

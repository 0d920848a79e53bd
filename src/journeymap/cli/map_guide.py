"""``journeymap map guide``: walk the six steps of journey mapping and fill what is missing.

:func:`run_guide` asks through an injectable ``ask(prompt, default) -> answer`` (by default
a Rich prompt), so tests script it without a terminal; an empty answer (Enter) skips the
question. It changes a copy of the map, validates the result and prints the gaps that are
still open. Prompts are in the map's language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.prompt import Prompt
from rich.text import Text

from journeymap.maps.guide import (
    GUIDE_STEPS,
    Gap,
    add_item,
    check_map,
    decision_stage,
    is_missing,
    real_personas,
    stage_items,
)
from journeymap.maps.guide_steps import GUIDE_PROMPTS
from journeymap.maps.items import (
    EmotionItem,
    KpiItem,
    LaneKind,
    OpportunityItem,
    PainPointItem,
    TouchpointItem,
    item_text,
)
from journeymap.maps.model import JourneyMap, Persona, Stage
from journeymap.maps.schema import parse_map
from journeymap.maps.templates import is_placeholder

Ask = Callable[[str, str], str]
"""``ask(prompt, default)``: the answer, or ``default`` when the user just presses Enter."""

_TRIES = 3  # answers out of range before a question is skipped


def run_guide(doc: JourneyMap, console: Console, ask: Ask | None = None, *,
              now: datetime | None = None) -> JourneyMap:
    """Walk the six steps on a copy of ``doc``, asking for what is missing; return the
    validated map. ``now`` (UTC) decides whether a review is overdue."""
    session = _Session(console, ask or _rich_ask(console), doc.language)
    work = doc.model_copy(deep=True)
    session.say("intro")
    for number, step in enumerate(GUIDE_STEPS, 1):
        console.rule(Text(f"{number}/{len(GUIDE_STEPS)} {step.title[doc.language]}"))
        console.print(Text(step.explanation[doc.language]))
        if not [gap for gap in check_map(work, now=now) if gap.step == step.key]:
            session.say("nothing")
            continue
        _WALKERS[step.key](work, session)
    result = parse_map(work.model_dump(mode="json"))
    _show_gaps(console, check_map(result, now=now), session, result)
    return result


class _Session:
    """The console, the ask function and the language of one walk."""

    def __init__(self, console: Console, ask: Ask, language: str) -> None:
        self.console, self.ask, self.language = console, ask, language

    def text(self, key: str, **values: Any) -> str:
        return GUIDE_PROMPTS[key][self.language].format(**values)

    def say(self, key: str, **values: Any) -> None:
        self.console.print(Text(self.text(key, **values)))

    def answer(self, key: str, default: str = "", **values: Any) -> str:
        return self.ask(self.text(key, **values), default).strip()

    def answers(self, key: str, **values: Any) -> list[str]:
        text = self.answer(key, **values).replace("，", ",")
        return list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))

    def number(self, key: str, low: float, high: float, default: str = "",
               **values: Any) -> float | None:
        for _ in range(_TRIES):
            text = self.answer(key, default, **values)
            if not text:
                return None
            try:
                value = float(text)
            except ValueError:
                value = low - 1
            if low <= value <= high:
                return value
            self.say("invalid", expected=f"{low:+g} ~ {high:+g}" if low < 0
                     else f"{low:g}-{high:g}")
        return None


def _personas(doc: JourneyMap, s: _Session) -> None:
    undescribed = [p for p in real_personas(doc) if is_missing(p.description)]
    if not real_personas(doc):
        placeholder = next((p for p in doc.personas if is_placeholder(p.name)), None)
        name = s.answer("persona_name", hint=_hint(placeholder.name if placeholder else ""))
        if name:
            hint = _hint(placeholder.description if placeholder else "")
            persona = Persona(name=name, description=s.answer("persona_description",
                                                              persona=name, hint=hint))
            doc.personas = [persona]
    for persona in undescribed:
        persona.description = (s.answer("persona_description", persona=persona.name,
                                        hint=_hint(persona.description))
                               or persona.description)


def _goals(doc: JourneyMap, s: _Session) -> None:
    for persona in real_personas(doc):
        if not [goal for goal in persona.goals if goal.strip()]:
            persona.goals = s.answers("persona_goals", persona=persona.name)
    if is_missing(doc.scenario):
        doc.scenario = s.answer("scenario", hint=_hint(doc.scenario)) or doc.scenario
    if not [goal for goal in doc.goals if goal.strip()]:
        doc.goals = s.answers("goals")


def _touchpoints(doc: JourneyMap, s: _Session) -> None:
    if not doc.stages:
        doc.stages = [Stage(name=name) for name in s.answers("stages")]
    for stage in doc.stages:
        if not stage_items(doc, stage.id, LaneKind.touchpoints):
            for name in s.answers("touchpoints", stage=stage.name):
                add_item(doc, stage.id, LaneKind.touchpoints, TouchpointItem(name=name))


def _evaluate(doc: JourneyMap, s: _Session) -> None:
    decision = decision_stage(doc)
    for stage in doc.stages:
        if not stage_items(doc, stage.id, LaneKind.emotions):
            score = s.number("emotion_score", -2, 2, stage=stage.name)
            if score is not None:
                add_item(doc, stage.id, LaneKind.emotions,
                         EmotionItem(score=score, label=s.answer("emotion_label")))
        if not stage_items(doc, stage.id, LaneKind.pain_points):
            key = "pain_points_decision" if stage is decision else "pain_points"
            for text in s.answers(key, stage=stage.name):
                add_item(doc, stage.id, LaneKind.pain_points, PainPointItem(text=text))


def _prioritise(doc: JourneyMap, s: _Session) -> None:
    for stage in doc.stages:
        pains = stage_items(doc, stage.id, LaneKind.pain_points)
        existing = [item for item in stage_items(doc, stage.id, LaneKind.opportunities)
                    if item.kind == "opportunity"]
        for item in existing:
            if is_missing(item.owner):
                item.owner = s.answer("owner", opportunity=item.description) or None
            if is_missing(item.target_kpi):
                item.target_kpi = s.answer("target_kpi", opportunity=item.description) or None
        if existing:
            continue
        for pain in pains:
            description = s.answer("opportunity", pain=item_text(pain), stage=stage.name)
            if not description:
                continue
            owner = s.answer("owner", opportunity=description) or None
            impact = s.number("impact", 1, 5, "3") or 3
            effort = s.number("effort", 1, 5, "3") or 3
            target = s.answer("target_kpi", opportunity=description) or None
            add_item(doc, stage.id, LaneKind.opportunities, OpportunityItem(
                description=description, owner=owner, impact=round(impact),
                effort=round(effort), target_kpi=target))
    if not any(stage_items(doc, stage.id, LaneKind.kpis) for stage in doc.stages):
        for stage in doc.stages:
            for entry in s.answers("kpis", stage=stage.name):
                name, unit = _name_and_unit(entry)
                add_item(doc, stage.id, LaneKind.kpis, KpiItem(name=name, unit=unit))


def _revise(doc: JourneyMap, s: _Session) -> None:
    current = str(doc.review.cadence_months)
    for _ in range(_TRIES):
        answer = s.answer("cadence", current)
        if answer in ("3", "6") or answer == current:
            doc.review.cadence_months = int(answer)
            return
        if not answer:
            return
        s.say("invalid", expected="3 / 6")


_WALKERS: dict[str, Callable[[JourneyMap, _Session], None]] = {
    "personas": _personas, "goals": _goals, "touchpoints": _touchpoints,
    "evaluate": _evaluate, "prioritise": _prioritise, "revise": _revise,
}


def _show_gaps(console: Console, gaps: list[Gap], s: _Session, doc: JourneyMap) -> None:
    console.rule()
    if not gaps:
        s.say("complete", months=doc.review.cadence_months)
        return
    console.print(Text(s.text("remaining") + ":", style="bold"))
    titles = {step.key: step.title[s.language] for step in GUIDE_STEPS}
    for gap in gaps:
        console.print(Text(f"  • {titles[gap.step]}: {gap.message}"))


def _hint(placeholder: str) -> str:
    """A template placeholder as a hint after a prompt, without its label:
    '[Scenario: who needs ...]' -> ' (who needs ...)'."""
    if not is_placeholder(placeholder):
        return ""
    text = placeholder.strip()[1:-1].strip()
    label, colon, rest = text.partition(":")
    if colon and len(label) <= 12 and rest.strip():
        text = rest.strip()
    return f" ({text})"


def _name_and_unit(entry: str) -> tuple[str, str]:
    """'Conversion rate (%)' -> ('Conversion rate', '%'); '전환율(%)' -> ('전환율', '%')."""
    if entry.endswith(")") and "(" in entry[:-1]:
        name, _, unit = entry[:-1].rpartition("(")
        if name.strip() and unit.strip():
            return name.strip(), unit.strip()
    return entry, ""


def _rich_ask(console: Console) -> Ask:
    def ask(prompt: str, default: str) -> str:
        return Prompt.ask(escape(prompt), default=default, console=console,
                          show_default=bool(default))
    return ask

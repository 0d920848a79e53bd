"""Words the app shows for values that come from data or settings (roles, stages, map
types, lane kinds, job states). They are marked here so the catalogue extractor sees them;
templates translate the value at run time with ``_(value)``."""

from __future__ import annotations


def N_(message: str) -> str:
    return message


ROLES = [N_("viewer"), N_("editor"), N_("admin")]
STAGES = [N_("awareness"), N_("consideration"), N_("decision"), N_("retention"),
          N_("advocacy")]
MAP_TYPES = [N_("current_state"), N_("future_state"), N_("day_in_the_life"),
             N_("service_blueprint")]
LANE_KINDS = [N_("actions"), N_("touchpoints"), N_("channels"), N_("thoughts"),
              N_("emotions"), N_("pain_points"), N_("opportunities"), N_("kpis"),
              N_("custom"), N_("evidence"), N_("frontstage"), N_("line_of_visibility"),
              N_("backstage"), N_("support")]
JOB_STATES = [N_("queued"), N_("running"), N_("done"), N_("failed")]

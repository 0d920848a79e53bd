"""Workspace settings: one ``journeymap.toml`` per workspace, ``JOURNEYMAP_*`` overrides.

Nested sections are overridden with a double underscore, for example
``JOURNEYMAP_IDENTITY__MAX_PEOPLE_PER_ANONYMOUS_ID=5`` or ``JOURNEYMAP_ENGINE__BACKEND=pyspark``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from journeymap.errors import ConfigError

CONFIG_FILE = "journeymap.toml"

DEFAULT_STAGES = ["awareness", "consideration", "decision", "retention", "advocacy"]
STAGE_LABELS_KO = {
    "awareness": "인지",
    "consideration": "고려",
    "decision": "결정",
    "retention": "유지",
    "advocacy": "옹호",
}


class _Section(BaseModel):
    """A settings section: unknown keys are typos, so they are refused."""

    model_config = ConfigDict(extra="forbid")


class EngineSettings(_Section):
    """Where events live: a DuckDB file in the workspace, or a Spark session."""

    backend: Literal["duckdb", "pyspark"] = Field("duckdb", description="events engine")
    duckdb_file: str = Field("events.duckdb", description="DuckDB file, relative to the workspace")
    threads: int | None = Field(None, ge=1, description="DuckDB threads; all cores if unset")
    memory_limit: str | None = Field(
        "4GB", description="DuckDB memory limit (larger work spills to disk); None: 80% of RAM")
    spark_master: str = Field("local[2]", description="Spark master URL for backend pyspark")


class DocumentSettings(_Section):
    """Where journey-map documents live (SQLite file by default, or any SQLAlchemy URL)."""

    sqlite_file: str = Field("documents.sqlite", description="SQLite file for map documents")
    url: str | None = Field(None, description="SQLAlchemy URL (e.g. PostgreSQL) instead")
    refresh_on_build: bool = Field(
        True, description="recompute the bound numbers of every map after journeymap build"
    )
    review_threshold: float = Field(
        0.2, gt=0, description="maps due lists maps whose bound numbers moved more than this "
        "share (0.2 = 20%) since their last review"
    )


class IngestSettings(_Section):
    """How files are read."""

    batch_rows: int = Field(200_000, ge=1_000, description="rows per streamed batch")
    hash_emails: bool = Field(
        False, description="store emails as a SHA-256 of the local part, keeping the domain"
    )
    max_text_chars: int = Field(20_000, ge=1, description="longer texts are rejected")
    parallel_files: int = Field(
        2, ge=1, le=8, description="files of a load plan read at once (committed in plan "
        "order); 1 loads them one by one"
    )
    parallel_batches: int = Field(
        2, ge=1, le=8, description="batches of one file mapped at once; 1 maps them one by one"
    )


class CleanSettings(_Section):
    """Standardisation and de-duplication."""

    channel_rules: str | None = Field(
        None, description="extra channel rules (TOML) tried before the built-in ones"
    )
    dedupe_tolerance_minutes: float = Field(
        30.0, ge=0, description="two sources recording one touchpoint within this time merge"
    )
    touchpoint_aliases: dict[str, str] = Field(
        default_factory=dict, description="touchpoint name -> canonical name, after the built-ins"
    )
    source_aliases: dict[str, str] = Field(
        default_factory=dict, description="source name -> canonical name, after the built-ins"
    )


class IdentitySettings(_Section):
    """Identity unification."""

    max_people_per_anonymous_id: int = Field(
        3, ge=1, description="an anonymous id linked to more people is not used to merge"
    )
    free_mail_domains_extra: list[str] = Field(
        default_factory=list, description="more free-mail domains that never make an account"
    )


class StageRule(_Section):
    """Touchpoints matching ``pattern`` (a glob: ``*`` any text) belong to ``stage``."""

    pattern: str
    stage: str
    min_rating: float | None = None
    max_rating: float | None = None


class JourneySettings(_Section):
    """Sessions, stages and conversion."""

    session_gap_minutes: float = Field(30.0, gt=0, description="inactivity that ends a session")
    stages: list[str] = Field(
        default_factory=lambda: list(DEFAULT_STAGES), description="journey stages, in order"
    )
    stage_rules: list[StageRule] | None = Field(
        None, description="replaces the built-in rules when given"
    )
    conversion_touchpoints: list[str] = Field(
        default_factory=lambda: ["deal_won", "purchase", "order_completed"],
        description="touchpoints that make a journey converted",
    )


class Settings(BaseSettings):
    """All settings of one workspace."""

    model_config = SettingsConfigDict(
        env_prefix="JOURNEYMAP_", env_nested_delimiter="__", extra="forbid"
    )

    name: str = Field("journeymap workspace", description="shown in reports")
    timezone: str = Field("Asia/Seoul", description="display time zone; data is stored in UTC")
    locale: Literal["ko", "en"] = Field("ko", description="language of the interface")
    engine: EngineSettings = Field(default_factory=EngineSettings)
    documents: DocumentSettings = Field(default_factory=DocumentSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    clean: CleanSettings = Field(default_factory=CleanSettings)
    identity: IdentitySettings = Field(default_factory=IdentitySettings)
    journeys: JourneySettings = Field(default_factory=JourneySettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # init > env > journeymap.toml: explicit arguments win, then JOURNEYMAP_* variables
        return init_settings, env_settings, TomlConfigSettingsSource(settings_cls)


def load_settings(workspace_dir: Path, **overrides: Any) -> Settings:
    """Read ``journeymap.toml`` of a workspace, apply ``JOURNEYMAP_*`` env overrides."""
    path = workspace_dir / CONFIG_FILE
    # A per-workspace subclass carries the file path, so no module-level state is needed.
    config = SettingsConfigDict(**{**Settings.model_config, "toml_file": path})
    workspace_settings = type("WorkspaceSettings", (Settings,), {"model_config": config})
    try:
        return workspace_settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            first["msg"],
            file=str(path),
            field=field,
            hint="fix the value in journeymap.toml or the JOURNEYMAP_* variable",
        ) from None


def write_settings(workspace_dir: Path, settings: Settings) -> Path:
    """Write the settings a user may edit, without defaults that only add noise."""
    path = workspace_dir / CONFIG_FILE
    data = settings.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    path.write_text(
        "# journeymap workspace settings; JOURNEYMAP_* environment variables override them\n"
        + tomli_w.dumps(data),
        encoding="utf-8",
    )
    return path

"""Settings: the one reader of the environment (PARLEY_* variables) and Prefect's defaults."""

from __future__ import annotations

import os

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from extractors.nlp import DEFAULT_MODEL

# Prefect settings parley relies on unless the user set them: no telemetry (this runs
# offline, and the attempt logs errors), and a startup wait that suits slow machines.
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # the client's usage data too, and its first-run notice in a terminal
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
    # A local Dask cluster logs every worker start and stop at INFO; keep its warnings only.
    "DASK_LOGGING__DISTRIBUTED": "warning",
}


class ParleySettings(BaseSettings):
    """Defaults for `parley run`, overridable with PARLEY_* environment variables."""

    model_config = SettingsConfigDict(env_prefix="PARLEY_")

    model: str = Field(DEFAULT_MODEL, description="spaCy pipeline to load")
    batch_size: int = Field(
        1_000, ge=1, le=10_000, description="documents per Prefect task (at most)"
    )
    batch_chars: int = Field(
        60_000, ge=1_000, description="characters of text after which a batch closes early"
    )
    workers: int = Field(
        default_factory=lambda: min(2, os.cpu_count() or 1),
        ge=1,
        description="processes coding batches in parallel (a local Dask cluster when > 1)",
    )
    dask_address: str | None = Field(None, description="an existing Dask scheduler to use")


def configure_prefect() -> None:
    """Apply parley's Prefect defaults; call before prefect is imported."""
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)

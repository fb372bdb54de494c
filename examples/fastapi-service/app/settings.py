"""Settings read once from the environment at start-up.

The deploy job sets DEMO_VERSION and DEMO_COMMIT (and optionally DEMO_DEPLOYED_AT) so
that /version reports what is actually running. Anything invalid stops start-up with a
message that names the variable, instead of serving with a surprising default.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Mapping, Optional

from .faults import FAULTS, apply_fault_to_build

DEFAULT_VERSION = "1.8.3"
DEFAULT_COMMIT = "9b2e4f7a1c3d5e6f8091a2b3c4d5e6f708192a3b"

# Semantic versioning 2.0.0, the official pattern (the checks use the same one).
SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)
COMMIT = re.compile(r"^[0-9a-f]{40}$")


class SettingsError(Exception):
    """A setting is missing or invalid; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    token: str
    version: str
    commit: str
    deployed_at: datetime
    fault: str
    slow_ms: int
    flaky_every: int
    docs: bool

    def __repr__(self) -> str:  # never print the token
        return (
            f"Settings(version={self.version!r}, commit={self.commit!r}, "
            f"deployed_at={self.deployed_at.isoformat()!r}, fault={self.fault!r}, "
            f"slow_ms={self.slow_ms}, flaky_every={self.flaky_every}, docs={self.docs}, "
            "token=<redacted>)"
        )


def _int(env: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not an integer") from None
    if value < minimum:
        raise SettingsError(f"{name}={value} must be at least {minimum}")
    return value


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _flag(env: Mapping[str, str], name: str) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE or not raw:
        return False
    raise SettingsError(f"{name}={raw!r} is neither on nor off; use 1/0, true/false, yes/no or on/off")


def _deployed_at(env: Mapping[str, str]) -> datetime:
    raw = env.get("DEMO_DEPLOYED_AT", "").strip()
    if not raw:
        # No deploy timestamp given: the process start is the closest truth.
        return datetime.now(timezone.utc).replace(microsecond=0)
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise SettingsError(
            f"DEMO_DEPLOYED_AT={raw!r} is not an ISO-8601 timestamp such as 2025-01-31T12:00:00Z"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


# region: deploy-settings
def load_settings(env: Mapping[str, str] = os.environ) -> Settings:
    token = env.get("DEMO_TOKEN", "")
    if not token:
        raise SettingsError("DEMO_TOKEN is required: the Bearer token for /admin/stats")
    version = env.get("DEMO_VERSION", "").strip() or DEFAULT_VERSION
    if not SEMVER.match(version):
        raise SettingsError(f"DEMO_VERSION={version!r} is not a semantic version such as 1.8.3")
    commit = env.get("DEMO_COMMIT", "").strip().lower() or DEFAULT_COMMIT
    if not COMMIT.match(commit):
        raise SettingsError(f"DEMO_COMMIT={commit!r} is not a 40-character git commit hash")
    fault = env.get("DEMO_FAULT", "").strip() or "none"
    if fault not in FAULTS:
        raise SettingsError(
            f"DEMO_FAULT={fault!r} is not a known fault; use one of: {', '.join(sorted(FAULTS))}"
        )
    version, commit = apply_fault_to_build(fault, version, commit)
    return Settings(
        token=token,
        version=version,
        commit=commit,
        deployed_at=_deployed_at(env),
        fault=fault,
        slow_ms=_int(env, "DEMO_SLOW_MS", 800, minimum=0),
        flaky_every=_int(env, "DEMO_FLAKY_EVERY", 3, minimum=1),
        docs=_flag(env, "DEMO_DOCS"),  # /docs and /redoc: off unless asked, as in production
    )
# endregion: deploy-settings


def load_settings_or_exit(env: Optional[Mapping[str, str]] = None) -> Settings:
    """For start-up: print one clear line and exit 1 instead of a traceback."""
    try:
        return load_settings(os.environ if env is None else env)
    except SettingsError as error:
        raise SystemExit(f"fastapi-service: cannot start: {error}") from None

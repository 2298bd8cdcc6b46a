"""One frozen configuration object, from CLI flags or MOCKHOG_* environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8010
RequestCheck = Literal["off", "warn", "strict"]
REQUEST_CHECKS: tuple[RequestCheck, ...] = ("off", "warn", "strict")


@dataclass(frozen=True)
class Config:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    # bundled fixture names or file paths, loaded in order (later files add to earlier ones)
    fixtures: tuple[str, ...] = ("default",)
    # overrides the fixture's RNG seed, so tokens differ between runs when wanted
    random_seed: int | None = None
    # when set, /_mockhog/ control requests must send "Authorization: Bearer <token>"
    admin_token: str | None = None
    # a mockhog already running elsewhere: the pytest plugin gives each test a tenant there (MOCKHOG_URL)
    server_url: str | None = None
    # PostHog: API_ENVIRONMENTS_SUNSET_DATE (empty disables the Sunset header)
    environments_sunset: str = "Fri, 31 Jul 2026 00:00:00 GMT"
    # PostHog's OpenAPI file; with request_check warn|strict, request bodies are checked against it
    request_schema: str | None = None
    request_check: RequestCheck = "off"
    # an SQLite file the state is kept in across restarts (mockhog/state/state_file.py); None: memory only
    state_file: str | None = None
    # how many requests the journal keeps (the oldest are dropped): a long-running server stays bounded
    journal_limit: int = 10_000
    extra: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.request_check not in REQUEST_CHECKS:
            choices = ", ".join(REQUEST_CHECKS)
            raise ValueError(f"request_check must be one of {choices}, not {self.request_check!r}")
        if self.journal_limit < 1:
            raise ValueError(f"journal_limit must be 1 or more, not {self.journal_limit}")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Config:
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        if "MOCKHOG_HOST" in env:
            values["host"] = env["MOCKHOG_HOST"]
        if "MOCKHOG_PORT" in env:
            values["port"] = _int_setting(env, "MOCKHOG_PORT")
        if env.get("MOCKHOG_FIXTURES"):
            values["fixtures"] = tuple(p for p in env["MOCKHOG_FIXTURES"].split(os.pathsep) if p)
        if env.get("MOCKHOG_RANDOM_SEED"):
            values["random_seed"] = _int_setting(env, "MOCKHOG_RANDOM_SEED")
        if env.get("MOCKHOG_ADMIN_TOKEN"):
            values["admin_token"] = env["MOCKHOG_ADMIN_TOKEN"]
        if env.get("MOCKHOG_URL"):
            values["server_url"] = env["MOCKHOG_URL"]
        if env.get("MOCKHOG_REQUEST_SCHEMA"):
            values["request_schema"] = env["MOCKHOG_REQUEST_SCHEMA"]
        if env.get("MOCKHOG_STATE_FILE"):
            values["state_file"] = env["MOCKHOG_STATE_FILE"]
        if env.get("MOCKHOG_JOURNAL_LIMIT"):
            values["journal_limit"] = _int_setting(env, "MOCKHOG_JOURNAL_LIMIT")
        if env.get("MOCKHOG_REQUEST_CHECK"):
            values["request_check"] = env["MOCKHOG_REQUEST_CHECK"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def _int_setting(env: Mapping[str, str], name: str) -> int:
    try:
        return int(env[name])
    except ValueError:
        raise ValueError(f"{name} must be an integer, not {env[name]!r}") from None

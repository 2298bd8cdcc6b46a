"""The test handle's ``flags``: set a flag, force a value for one distinct id, read who gets what."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mockhog.state.flag_records import FeatureFlag, FlagOverride
from mockhog.state.records import Team
from mockhog.state.store import Store
from mockhog.toolkit.flag_endpoints import default_team
from mockhog.toolkit.flags import FlagSetting, clear_overrides, flag_values, override_flag, set_flag


class FlagsHandle:
    """``mockhog.flags``: every call acts on the project of the handle's key unless ``team_id`` is given.

    ``set("beta", rollout_percentage=30)`` makes (or changes) a real flag, served by the REST API, by
    ``/flags`` and in the definitions SDKs poll; ``set("beta", True, distinct_id="u1")`` forces a value
    for one distinct id (True, False or a variant key). A reset takes both back to the fixture's.
    """

    def __init__(self, store: Callable[[], Store]) -> None:
        self._store = store

    def _team(self, team_id: int | None) -> Team:
        return default_team(self._store(), team_id)

    def set(
        self,
        key: str,
        value: bool | str | None = None,
        *,
        distinct_id: str | None = None,
        rollout_percentage: float | None = None,
        filters: dict[str, Any] | None = None,
        variants: dict[str, float] | None = None,
        payloads: dict[str, Any] | None = None,
        active: bool | None = None,
        team_id: int | None = None,
    ) -> FeatureFlag | FlagOverride:
        """Set the flag's parts given, or with ``distinct_id`` force ``value`` for that distinct id."""
        team = self._team(team_id)
        if distinct_id is not None:
            return override_flag(self._store(), team, key, distinct_id, True if value is None else value)
        if value is not None:
            raise TypeError("a value is forced for one distinct id: pass distinct_id= too")
        setting = FlagSetting(key, rollout_percentage, filters, variants, payloads, active)
        return set_flag(self._store(), team, setting)

    def clear_overrides(
        self, key: str | None = None, *, distinct_id: str | None = None, team_id: int | None = None
    ) -> int:
        """Remove forced values (of one flag, one distinct id, or all); how many went."""
        return clear_overrides(self._store(), self._team(team_id), key=key, distinct_id=distinct_id)

    def values(
        self,
        distinct_id: str,
        *,
        person_properties: dict[str, Any] | None = None,
        groups: dict[str, Any] | None = None,
        group_properties: dict[str, dict[str, Any]] | None = None,
        team_id: int | None = None,
    ) -> dict[str, bool | str]:
        """What /flags answers this distinct id: each active flag's variant key or bool."""
        return flag_values(
            self._store(),
            self._team(team_id),
            distinct_id,
            person_properties=person_properties,
            groups=groups,
            group_properties=group_properties,
        )

    def value(self, key: str, distinct_id: str, **context: Any) -> bool | str | None:
        """One flag's answer for ``distinct_id`` (None when the flag is absent, inactive or deleted)."""
        return self.values(distinct_id, **context).get(key)

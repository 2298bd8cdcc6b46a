"""schemathesis' stateful phase: chains of requests in which one answer's ids feed the next request.

schemathesis infers the links between operations from the schema (a created dashboard's ``id`` into
``/dashboards/{dashboard_id}/``); each scenario starts from the seed state and sends a few linked steps,
mostly with the admin key so the chain gets past authentication and builds up state. Every answer gets
the same checks as a stateless example, and a refused one must leave the state as the step found it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from typing import Any

from hypothesis import HealthCheck, Phase, settings
from schemathesis.generation.stateful import run_state_machine_as_test
from schemathesis.generation.stateful.state_machine import APIStateMachine, StepInput, StepOutput
from schemathesis.specs.openapi.schemas import OpenApiSchema

from tests.fuzz.harness import AnyCase, Check, Figures, Fuzzer, common_checks
from tests.fuzz.schemas import match_route
from tests.fuzz.target import ADMIN_KEY, OTHER_KEYS, Target

# the parameters naming the caller's project or organization: left as drawn, nearly every step is a 404
_CONTEXT = ("team_ref", "project_ref", "organization_ref")
_KEPT_AS_DRAWN = 0.08
_OTHER_KEY_SHARE = 0.1


def _place_in_context(fuzzer: Fuzzer, case: AnyCase, choices: random.Random) -> None:
    found = match_route(fuzzer.target.app.routes, case.method, case.path)
    if found is None or not case.path_parameters:
        return
    for name in list(case.path_parameters):
        kind = found.kinds.get(name, "")
        if kind in _CONTEXT and choices.random() >= _KEPT_AS_DRAWN:
            case.path_parameters[name] = choices.choice(fuzzer.pools[kind][0])


def run_stateful(
    name: str,
    schema: OpenApiSchema,
    target: Target,
    checks: list[Check],
    *,
    scenarios: int,
    steps: int,
) -> Figures:
    """`scenarios` chains of at most `steps` requests each, derandomized: every run sends the same."""
    fuzzer = Fuzzer(target, Figures(name), [common_checks, *checks], target.value_pools())
    started = time.monotonic()

    class Machine(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            target.dirty = True
            target.reset()
            self.before: Mapping[str, Any] | None = target.seed_state

        def step(self, input: StepInput) -> StepOutput | None:  # type: ignore[override]
            case = input.case
            # Why seeded from the case: hypothesis replays a scenario's draws and expects the same steps, so
            # the harness's own choices must follow from what was drawn (a str seed hashes the same each run)
            choices = random.Random(f"{case.method} {case.path} {case.path_parameters} {case.body!r}")
            _place_in_context(fuzzer, case, choices)
            key = choices.choice(OTHER_KEYS) if choices.random() < _OTHER_KEY_SHARE else ADMIN_KEY
            before = self.before if self.before is not None else target.state()
            response = fuzzer.send(case, key, before)
            self.before = fuzzer.last_state
            return None if response is None else StepOutput(response, case)

    machine: type[APIStateMachine] = Machine
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=scenarios,
            stateful_step_count=steps,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
            report_multiple_bugs=False,
        ),
    )
    fuzzer.figures.seconds = time.monotonic() - started
    return fuzzer.figures

"""Fuzzing: schemathesis generates requests from the app's own OpenAPI schema and sends them,
with an API key, to a real API process. Bounded: a fixed number of examples per operation,
derandomised (the same requests every run), and an overall time limit.

Excluded: revoking an API key (the fuzzer's own would go) and restoring a backup (tested on
their own), and the event streams (they never end by design). Asserted: 0 server errors, 0
answers whose status the schema does not document for that operation, 0 bodies or content
types that do not match it.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
from linkedin_auto.clock import SystemClock
from linkedin_auto.db.connection import Database
from linkedin_auto.security.apikeys import create_key
from reliability_kit import FIGURES, free_port, start_api

EXAMPLES_PER_OPERATION = 25
TIME_LIMIT_S = 150
EXCLUDED = {
    ("DELETE", "/api/keys/{key_id}"),
    ("POST", "/api/backups/{name}/restore"),
}


def excluded(method: str, path: str) -> bool:
    return (method.upper(), path) in EXCLUDED or path.endswith("/events")


def test_fuzz_the_api_with_its_own_schema(
    db: Database, env: dict[str, str], tmp_path: Path,
) -> None:
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from schemathesis.core.failures import Failure, FailureGroup
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    _, key = create_key(db, SystemClock(), "fuzzer")
    port = free_port()
    api = start_api(env, tmp_path / "api.log", port)
    base = f"http://127.0.0.1:{port}"
    auth = {"Authorization": f"Bearer {key}"}
    figures: dict[str, int] = {"requests": 0, "server_errors": 0, "schema_mismatches": 0,
                               "undocumented_status": 0, "operations": 0}
    errors: list[str] = []
    mismatches: list[str] = []
    try:
        schema = schemathesis.openapi.from_url(f"{base}/api/openapi.json", headers=auth)
        deadline = time.monotonic() + TIME_LIMIT_S
        operations = [r.ok() for r in schema.get_all_operations()]
        for op in operations:
            if excluded(op.method, op.path) or time.monotonic() > deadline:
                continue
            figures["operations"] += 1

            @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                      derandomize=True, suppress_health_check=list(HealthCheck),
                      phases=[Phase.explicit, Phase.generate])
            @given(case=op.as_strategy())
            def fuzz(case: Any) -> None:
                if time.monotonic() > deadline:
                    return
                response = case.call(base_url=base, headers=auth, timeout=30)
                figures["requests"] += 1
                label = f"{case.method} {case.formatted_path} -> {response.status_code}"
                # /api/health answers 503 by design when asked for readiness without a worker.
                readiness = case.path == "/api/health" and response.status_code == 503
                if response.status_code >= 500 and not readiness:
                    figures["server_errors"] += 1
                    errors.append(label)
                    return
                for check, figure in ((response_schema_conformance, "schema_mismatches"),
                                      (content_type_conformance, "schema_mismatches"),
                                      (status_code_conformance, "undocumented_status")):
                    try:
                        case.validate_response(response, checks=[check], headers=auth)
                    except (Failure, FailureGroup) as exc:
                        figures[figure] += 1
                        mismatches.append(f"{label}: {type(exc).__name__}")
                        break

            fuzz()
        # The API is still up and still knows the key.
        assert httpx.get(f"{base}/api/runs", headers=auth, timeout=10).status_code == 200
    finally:
        api.stop()
    for name, value in figures.items():
        FIGURES[f"fuzz_{name}"] += value
    assert figures["requests"] >= 200, figures
    assert figures["server_errors"] == 0, (errors[:10], api.tail())
    # Every operation documents the answers it can give: a status or a body the schema does
    # not describe is a bug of the route (or of its documentation), not noise.
    assert figures["undocumented_status"] == 0, sorted(set(mismatches))[:40]
    assert figures["schema_mismatches"] == 0, sorted(set(mismatches))[:40]

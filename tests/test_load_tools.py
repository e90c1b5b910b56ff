"""The load benchmarks' own machinery, so a refactor of the pages cannot quietly break them."""

from __future__ import annotations

from tests.load import instrumented_app


def test_every_function_the_latency_budget_times_still_exists():
    targets = instrumented_app.timed_functions()
    missing = [f"{module.__name__}.{name}" for module, name, _ in targets if not callable(getattr(module, name, None))]
    assert not missing, f"renamed or removed; update tests/load/instrumented_app.py: {missing}"
    assert {bucket for _, _, bucket in targets} == {"preprocess", "models", "images", "charts", "figure"}

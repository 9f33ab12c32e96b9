"""A local LinkedIn look-alike (pages, state, failure modes) for tests and the demo.

It never replaces LinkedIn in production; see docs/sandbox.md.
"""

from linkedin_auto.sandbox.faults import FAULTS
from linkedin_auto.sandbox.state import ResetOptions, SandboxState

__all__ = ["FAULTS", "ResetOptions", "SandboxState"]

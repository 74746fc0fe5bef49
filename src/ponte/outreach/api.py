"""API of the outreach app.

No ``from __future__ import annotations``: ninja reads the parameter types at runtime.
"""

from ninja import Router

router = Router(tags=["outreach"])

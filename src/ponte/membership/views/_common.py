"""The app's views check permissions on the server through ``ponte.core.actions``."""

from ponte.core.actions import require_request as _require

__all__ = ["_require"]

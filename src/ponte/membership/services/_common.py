"""The app's services write through ``ponte.core.actions``: rules first, then validation and history."""

from ponte.core.actions import require as _require
from ponte.core.actions import save_with_history as _save

__all__ = ["_require", "_save"]

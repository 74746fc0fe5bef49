"""The generator's domains, one module each, in the order they are generated (each may read those before it).

A domain says how big it is for a scale (``sizes``), empties what it makes (``clear``) and makes it
(``generate``, returning the row counts). Domains talk to each other only through the database, so one can
be made again without the others. To add one: write ``bench/domains/NAME.py`` with a ``DOMAIN`` and append
it to ``DOMAINS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bench.environment import Scale


@dataclass(frozen=True)
class Domain:
    name: str
    sizes: Callable[[Scale], dict[str, int]]
    clear: Callable[[], None]
    generate: Callable[[Scale, dict[str, int]], dict[str, int]]


def all_domains() -> list[Domain]:
    """Every domain, in dependency order (imported here: they need Django set up)."""
    from bench.domains import core, meetings, partnerships, qa, site, standards

    return [core.DOMAIN, meetings.DOMAIN, partnerships.DOMAIN, standards.DOMAIN, qa.DOMAIN, site.DOMAIN]

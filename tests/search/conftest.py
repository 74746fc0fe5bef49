from __future__ import annotations

import pytest

from ponte.search import indexing, receivers


@pytest.fixture
def indexed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Re-index the records the test changes at once, as the commit of each change would (tests never commit).

    ``test_index_follows_the_commit`` checks the real thing: the update waits for the commit.
    """
    monkeypatch.setattr(receivers, "index_after_commit", indexing.index_record)

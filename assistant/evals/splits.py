"""dev / test split of benchmark items, assigned by code so nobody picks which items are "test".

The key is the first source's document id, so every question about one document lands in the
same split (a rule tuned on a dev document cannot leak into test through a sibling question).
Items without sources (unanswerable) are keyed by their own id. sha1 keeps the assignment
stable across machines, Python versions and file order.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from .suite import EvalItem

Split = Literal["dev", "test"]
SPLITS: tuple[Split, ...] = ("dev", "test")
TEST_PERCENT = 30


def split_key(item: EvalItem) -> str:
    """What the split is decided by: the first source's document id, else the item id."""
    return item.sources[0].doc if item.sources else item.id


def split_of_key(key: str) -> Split:
    bucket = int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "test" if bucket < TEST_PERCENT else "dev"


def split_of(item: EvalItem) -> Split:
    """"dev" or "test" for a benchmark item (about 30 % of documents are test)."""
    return split_of_key(split_key(item))

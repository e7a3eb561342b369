"""dev / test / test1 split of benchmark items, assigned by code so nobody picks which items are "test".

- **test** — the fresh held-out split: every item of a `fresh_*.jsonl` file, written by people who do
  not tune the answerer, on documents no dev item cites (tests/test_benchmark_fresh.py checks that).
- **test1** — the first test split, retired: the items of the other files whose document hashes into
  the test bucket. Its aggregates were looked at at the ends of stops 12–14, so it is reported but no
  longer the split the targets are judged on (issue 9: "When you have looked at test, write a fresh one").
- **dev** — the rest; its failures are read freely.

The hash key is the first source's document id, so every question about one document lands in the
same bucket (a rule tuned on a dev document cannot leak into test through a sibling question).
Items without sources (unanswerable) are keyed by their own id. sha1 keeps the assignment
stable across machines, Python versions and file order.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from .suite import EvalItem

Split = Literal["dev", "test", "test1"]
SPLITS: tuple[Split, ...] = ("dev", "test", "test1")
TEST_PERCENT = 30
FRESH_PREFIX = "fresh_"


def split_key(item: EvalItem) -> str:
    """What the hash bucket is decided by: the first source's document id, else the item id."""
    return item.sources[0].doc if item.sources else item.id


def split_of_key(key: str) -> Literal["dev", "test"]:
    """The hash bucket of a document id: about 30 % "test", the rest "dev"."""
    bucket = int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "test" if bucket < TEST_PERCENT else "dev"


def is_fresh(file_name: str) -> bool:
    return file_name.startswith(FRESH_PREFIX)


def split_of(item: EvalItem, file_name: str = "") -> Split:
    """"test" for a fresh file's item; otherwise "test1" or "dev" by the hash bucket."""
    if is_fresh(file_name):
        return "test"
    return "test1" if split_of_key(split_key(item)) == "test" else "dev"

"""dev / val / test / test3 / test2 / test1 split of benchmark items, assigned by code so nobody picks which items are "test".

- **test** — the held-out split the issue's targets are judged on: every item of a `fresh3_*.jsonl`
  file, written (stop 17) by people who do not tune the answerer, on documents no other item cites
  (tests/test_benchmark_fresh.py checks that).
- **val** — a validation split: every item of a `val_*.jsonl` file, written by the same kind of people
  on documents no dev item cites. Its items and failures are never read; only its aggregates are, to
  accept or reject a change chosen on dev (a dev gain that does not show on val is fitting dev).
- **test3** — the stop-16 fresh split (`fresh2_*.jsonl`), retired after its aggregates were read once at
  the end of stop 16.
- **test2** — the stop-15 fresh split (`fresh_*.jsonl`). Its aggregates were looked at once, at the end
  of stop 15, so it is reported but retired (issue 9: "When you have looked at test, write a fresh one").
- **test1** — the first test split, retired: the items of the other files whose document hashes into
  the test bucket (aggregates looked at at the ends of stops 12–14).
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

Split = Literal["dev", "val", "test", "test3", "test2", "test1"]
SPLITS: tuple[Split, ...] = ("dev", "val", "test", "test3", "test2", "test1")
TEST_PERCENT = 30
FILE_SPLITS: dict[str, Split] = {"fresh3_": "test", "fresh2_": "test3", "val_": "val", "fresh_": "test2"}  # file-name prefix → split


def split_key(item: EvalItem) -> str:
    """What the hash bucket is decided by: the first source's document id, else the item id."""
    return item.sources[0].doc if item.sources else item.id


def split_of_key(key: str) -> Literal["dev", "test"]:
    """The hash bucket of a document id: about 30 % "test", the rest "dev"."""
    bucket = int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "test" if bucket < TEST_PERCENT else "dev"


def split_of_file(file_name: str) -> Split | None:
    """The split every item of a file belongs to by its name's prefix, or None (split by hash)."""
    return next((split for prefix, split in FILE_SPLITS.items() if file_name.startswith(prefix)), None)


def is_fresh(file_name: str) -> bool:
    """A file written by people who do not tune the answerer, on documents no dev item cites."""
    return split_of_file(file_name) is not None


def split_of(item: EvalItem, file_name: str = "") -> Split:
    """The file's split (test, test3, val, test2) if its name says so; otherwise "test1" or "dev" by hash."""
    by_file = split_of_file(file_name)
    if by_file is not None:
        return by_file
    return "test1" if split_of_key(split_key(item)) == "test" else "dev"

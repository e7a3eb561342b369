"""Question → Answer, one function per stage: retrieve → (tools | backend) → grounding.

`Assistant` holds what is expensive to load (index handles, embedder, Kiwi, facts) and is
meant to be created once per process (the Streamlit app caches it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any, TypeVar

from .answer import AnswerBackend, ExtractiveBackend
from .answering.abbreviations import Abbreviations
from .answering.aliases import AliasBook
from .embeddings import make_embedder
from .errors import AssistantError, IndexMissingError
from .grounding import finalize
from .index import IndexReader, _read_meta, _stale, current_generation
from .ingest import IngestReport, ingest
from .korean import analyzer
from .models import Answer, Draft, Hit
from .retrieval import Retriever
from .settings import Settings

T = TypeVar("T")
READ_RETRIES = 3  # a question is tried on at most this many generations
ToolHook = Callable[[str, Callable[[str, int], list[Hit]]], Draft | None]


class Assistant:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.analyzer = analyzer()
        self.embedder = make_embedder(settings.embedding_model, settings.embedding_dim, settings.allow_model_download)
        self._refresh_lock = threading.RLock()
        self._open()

    def _open(self) -> None:
        self.index = IndexReader(self.settings)
        self.retriever = Retriever(self.index, self.embedder, self.analyzer, self.settings)
        self.backend: AnswerBackend = make_backend(self.settings.answer_backend, self)
        self.__dict__.pop("tool_hook", None)
        self.__dict__.pop("extractive_backend", None)

    def refresh(self) -> bool:
        """Reopen if another process swapped in a new index generation. The old reader keeps
        its generation pinned (index.Lease) until the last question using it is done."""
        with self._refresh_lock:  # Streamlit sessions share one Assistant across threads
            if self.index.is_stale():
                self._open()
                return True
            return False

    def _on_live_index(self, work: Callable[[], T]) -> T:
        """Run `work` on the live generation: refresh first; if it fails while the generation
        it used was swapped out (possible only where no lease could be taken, e.g. a read-only
        index folder), reopen and run it again."""
        for attempt in range(READ_RETRIES):
            self.refresh()
            used = self.index
            try:
                result = work()
            except Exception:
                if attempt + 1 == READ_RETRIES or not used.is_stale():
                    raise
                continue
            if attempt + 1 < READ_RETRIES and used.is_collected():
                # answered from a generation already collected (no lease, and nothing it read
                # happened to fail — e.g. only in-memory BM25 and open SQLite handles): the
                # answer may be stale, so ask the live generation
                continue
            return result
        raise AssertionError("unreachable")

    @cached_property
    def tool_hook(self) -> ToolHook | None:
        """The rule/calculation tools, if the rules module is available (built from the index once)."""
        try:
            from .toolrouter import make_tool_hook
        except ImportError:
            return None
        return make_tool_hook(self.index, self.settings)

    def search(self, question: str, k: int | None = None) -> list[Hit]:
        return self.retriever.search(question, k or self.settings.k)

    def ask(self, question: str, k: int | None = None, history: Sequence[Any] | None = None,
            on_token: Callable[[str], None] | None = None) -> Answer:
        """Answer from the live generation (picked up between questions; see `_on_live_index`).
        `history`: earlier turns ({"question", "answer"} dicts, followup.Turn or Answers), so a
        follow-up is rewritten into a standalone question first; `on_token`: streamed text of
        an LLM backend (the gated answer is what is returned)."""
        return self._on_live_index(lambda: self._ask(question, k, history, on_token))

    def _ask(self, question: str, k: int | None = None, history: Sequence[Any] | None = None,
             on_token: Callable[[str], None] | None = None) -> Answer:
        from .followup import as_turns, standalone_question

        t0 = time.perf_counter()
        k = k or self.settings.k
        question = question.strip()
        turns = as_turns(history)
        llm = self.backend if getattr(self.backend, "llm", False) else None
        standalone = standalone_question(question, turns, self.analyzer, llm)
        hits = self.search(standalone, max(k, 8))
        if llm is not None:
            from .llm import answer_with_llm

            answer = answer_with_llm(self, standalone, hits, k, turns, on_token, t0)
        else:
            answer = self.answer_extractively(standalone, hits, k, t0)
        answer.question, answer.standalone_question = question, standalone
        return answer

    @cached_property
    def extractive_backend(self) -> AnswerBackend:
        """The offline answerer: the default, and the fallback of an LLM backend."""
        return self.backend if self.backend.name == "extractive" else make_backend("extractive", self)

    def answer_extractively(self, question: str, hits: list[Hit], k: int, t0: float,
                            backend: AnswerBackend | None = None) -> Answer:
        """Rule/calculation tools first, then the extractive backend; the (non-strict) gate."""
        backend = backend or self.backend
        draft = None
        if self.tool_hook is not None:
            draft = self.tool_hook(question, self.search)
        if draft is None:
            # the extractive backend retrieves each part of a compound question itself
            extra = {"search": self.search} if backend.name == "extractive" else {}
            draft = backend.compose(question, hits, **extra)
        return finalize(question, draft, hits[:k], self.index.title, time.perf_counter() - t0, backend.name)


def make_backend(name: str, assistant: "Assistant") -> AnswerBackend:
    """Answer backends by name; an LLM backend registers here next to the extractive one."""
    if name == "extractive":
        index = assistant.index
        table: list[Abbreviations] = []

        def clipped(term: str) -> str | None:
            # built on the first unknown word of this generation (a pass over the vocabulary)
            if not table:
                table.append(Abbreviations(index.lexical.vocab, (d.title for d in index.documents())))
            return table[0].expand(term)

        thesaurus = assistant.retriever.thesaurus
        return ExtractiveBackend(
            assistant.analyzer, index.lexical.idf, index.title, thesaurus.related, clipped=clipped,
            spelled=thesaurus.spelled,
            aliases=AliasBook(index.doc_chunks, lambda: ((d.doc_id, d.title) for d in index.documents())).of,
        )
    if name in ("openai", "ollama"):  # assistant/llm (docs/llm.md); imported only when configured
        from .llm import make_llm_backend

        return make_llm_backend(name, assistant)
    raise AssistantError(
        f"알 수 없는 답변 방식입니다 / unknown answer backend: {name} (available: extractive, openai, ollama)"
    )


def ensure_index(settings: Settings, progress=None) -> IngestReport | None:
    """Build the index from the corpus folder if there is none yet, or if it was built with
    another embedding model or tokenizer version."""
    gen = current_generation(settings.index_dir)
    if gen is not None:
        embedder = make_embedder(settings.embedding_model, settings.embedding_dim, settings.allow_model_download)
        if not _stale(_read_meta(settings.index_dir / gen), embedder):
            return None
    if not settings.corpus_dir.is_dir():
        raise IndexMissingError(f"말뭉치 폴더가 없습니다 / corpus folder not found: {settings.corpus_dir}")
    return ingest([settings.corpus_dir], settings, progress=progress, sync_folder=settings.corpus_dir)

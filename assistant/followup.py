"""Follow-up questions → standalone questions, before retrieval.

"그럼 2022년에는?" after "2024년 <센터> 위탁금은 얼마야?" searches for
"2022년 <센터> 위탁금은 얼마야?".

- With an LLM backend the model condenses the conversation into one question (its reply is
  checked to be a single question; on failure the rule below is used).
- Without one (the extractive default) the previous turn's standalone question carries its
  subject forward, only when the new question shows it depends on it: it opens with a
  follow-up word ("그럼", "그러면", "그리고", "그 …"), or it names nothing but a period or an
  amount ("2022년에는?", "68점이면?"). Such a question swaps the period/amount in the previous
  question; any other follow-up keeps the previous question's subject words (the words before
  the asked attribute: period, entity, topic) and appends the new question. Anything else is
  a new question and is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import AssistantError
from .korean import KoreanAnalyzer
from .quantities import Quantity, parse

CUE = re.compile(
    r"^\s*(?:그럼|그러면|그렇다면|그리고|그런데|또한|또|그건|그거|그것은|그것|그때는|그곳은|거기는|거기|"
    r"그\s|해당\s)\s*[,，]?\s*"
)
YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?!\d)\s*(?:년도?)?|[’'‘](\d\d)(?!\d)\s*(?:년도?)?|(?<![\d.])(\d\d)\s*년도?")

PERIOD_WORDS = {"년", "년도", "연도", "해"}


@dataclass
class Turn:
    question: str
    answer: str = ""
    standalone: str = ""  # the question as it was searched (filled for turns this process rewrote)


def as_turns(history: Iterable[Any] | None) -> list[Turn]:
    """Turns from dicts ({"question", "answer"[, "standalone_question"]}), Turns or Answers."""
    out = []
    for h in history or []:
        if isinstance(h, Turn):
            out.append(h)
        elif isinstance(h, dict):
            out.append(Turn(str(h.get("question", "")), str(h.get("answer", "")), str(h.get("standalone_question") or "")))
        else:  # an Answer
            out.append(Turn(h.question, h.answer, getattr(h, "standalone_question", "") or ""))
    return [t for t in out if t.question.strip()]


def read_history(path: str | Path) -> list[Turn]:
    """`ask --history FILE`: JSON lines, each {"question": …, "answer": …}."""
    import json

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise AssistantError(f"{path}: 대화 기록 파일을 읽을 수 없습니다 / cannot read the history file ({err.strerror})") from None
    except UnicodeDecodeError:
        raise AssistantError(f"{path}: UTF-8 텍스트가 아닙니다 / not UTF-8 text") from None
    turns = []
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise AssistantError(f"{path}:{i}: JSON 줄이 아닙니다 / not a JSON line ({err.msg})") from None
        if not isinstance(obj, dict) or "question" not in obj:
            raise AssistantError(f'{path}:{i}: {{"question": …, "answer": …}} 형식이어야 합니다 / '
                                 'each line must be {"question": …, "answer": …}')
        turns.append(obj)
    return as_turns(turns)


def years(text: str) -> list[str]:
    out = []
    for m in YEAR.finditer(text):
        out.append(m.group(1) or "20" + (m.group(2) or m.group(3)))
    return list(dict.fromkeys(out))


def _replace_period(previous: str, new_years: list[str]) -> str:
    """The previous question with its period swapped for the new one (or the new one put first)."""
    label = ", ".join(f"{y}년" for y in new_years)
    if not YEAR.search(previous):
        return f"{label} {previous}"
    first = True

    def swap(m: re.Match[str]) -> str:
        nonlocal first
        out = label if first else ""
        first = False
        return out

    return re.sub(r"\s{2,}", " ", YEAR.sub(swap, previous)).strip()


def _replace_amount(previous: str, amount: Quantity) -> str:
    """The previous question with its amount of the same kind (점, 명, 원, % …) swapped."""
    same = [q for q in parse(previous) if q.kind == amount.kind]
    if not same:
        return f"{previous.rstrip('?？ ')} {amount.text}?"
    q = same[0]
    return previous[:q.start] + amount.text + previous[q.end:]


def _subject_words(previous: str, analyzer: KoreanAnalyzer) -> list[str]:
    """The words before the asked attribute ("<year> <subject> | <attribute>은 얼마인가요?")."""
    words = previous.split()
    head = set(analyzer.head_terms(previous))
    cut = len(words)
    for i in range(len(words) - 1, -1, -1):
        if head & set(analyzer.tokens(words[i])):
            cut = i
            break
    return words[:cut]


def rewrite(question: str, history: Sequence[Turn], analyzer: KoreanAnalyzer) -> str:
    """The extractive rule (module docstring). `history[-1].standalone` is used when known."""
    question = question.strip()
    if not history:
        return question
    prev = history[-1]
    previous = prev.standalone or standalone_chain(history, analyzer)
    cue = CUE.match(question)
    body = question[cue.end():].strip() if cue else question
    new_years = years(body)
    amounts = [q for q in parse(body) if q.kind]
    topic = [t for t in analyzer.focus_terms(body) if not t[:1].isdigit() and t not in PERIOD_WORDS]
    if (new_years or amounts) and not topic:
        # "2022년에는?" / "68점이면?": the same question for another period or amount
        out = _replace_period(previous, new_years) if new_years else previous
        for q in amounts:
            out = _replace_amount(out, q)
        return out
    if not cue:
        return question
    if not topic and not new_years:
        return previous  # "그럼?" / "그건요?": the same question again
    subject = [w for w in _subject_words(previous, analyzer) if not (new_years and YEAR.search(w))]
    subject = [w for w in subject if w not in body]
    return " ".join(subject + [body]).strip()


def standalone_chain(history: Sequence[Turn], analyzer: KoreanAnalyzer) -> str:
    """The standalone form of the last turn of `history`, rewriting earlier turns in order."""
    done: list[Turn] = []
    for t in history:
        s = t.standalone or rewrite(t.question, done, analyzer)
        done.append(Turn(t.question, t.answer, s))
    return done[-1].standalone if done else ""


def standalone_question(question: str, history: Sequence[Turn], analyzer: KoreanAnalyzer, llm: Any = None) -> str:
    """What retrieval searches with. `llm`: a backend with `condense(question, history)`."""
    question = question.strip()
    if not history:
        return question
    if llm is not None:
        from .llm.base import LLMError

        try:
            condensed = llm.condense(question, history)
        except LLMError:
            condensed = None  # the answer step reports the endpoint failure
        if condensed:
            return condensed
    return rewrite(question, history, analyzer)

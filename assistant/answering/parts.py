"""A compound question, split into the questions it asks.

Researchers ask two things at once: "<A>는 몇 명이고 <B>는 누구야?", "… 며칠 안에 보고해야 해?
연기는?", "예산과 결산은 각각 얼마?", "A센터와 B센터의 예산을 비교해줘". One passage rarely
answers both, so each part is retrieved and answered on its own (backend.compose) and the
answers are shown together. The split reads Korean syntax only — sentence ends, the clause
connective "-고", and nouns coordinated by 와/과/랑/하고 (Kiwi's JC tag) — never words of a
particular document. A part that lost its topic ("연기는?") borrows the topic of the part before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from ..korean import KoreanAnalyzer

# interrogative words: a part is a question only if it asks something
ASKS = re.compile(r"알려|말해|보여|정리해|설명해|찾아|얼마|몇|며칠|언제|누구|누가|어디|무엇|뭐|뭘|무얼|뭔|무슨|어떤|어떻게|어느|왜|있나|있어|있는지|되나|돼\?|인가|인지|나요|[야냐니죠]\?|은\?|는\?")
ASK_WORD = re.compile(r"^(?:얼마|몇|며칠|언제|누구|누가|어디|무엇|뭐|무슨|어떤|어떻게|어느|왜)")
# a coordination is distributive when the question says so ("각각", "비교", "씩", "달라")
DISTRIBUTIVE = re.compile(r"각각|각자|비교|차이|다르|달라|달랐|씩|둘\s*다|모두|양쪽|서로|같이|함께|같(?!이)|일치|동일")
# a word that is only the whole question's comparison ("각각", "비교해줘", "뭐가 달라?"), dropped from
# each part ("개씩이야?" keeps its counter)
DISTRIBUTIVE_WORD = re.compile(r"(?:각각|각자|비교|차이|다르|다른|달라|달랐|둘|모두|양쪽|서로|같이|함께|같(?!이)|일치|동일)")
# the words that only say which compared thing wins ("어느 쪽이 얼마나 더 큰가"): each part asks its own value
WHICH_WORD = re.compile(r"^(?:어느|어디|쪽|곳|더|얼마나|가장|제일)(?:[이가은는을를]|이야|인가|인지)?\??$")
MAX_PARTS = 3
# interrogatives asking a value or a manner, which each conjunct has on its own
VALUE_ASKED = re.compile(r"^(?:얼마|어떻게|어떤|무엇|뭐|무슨)")


@dataclass(frozen=True)
class _Word:
    text: str
    particle: str  # the closing particle (JC/JX/JKS/…), "" when the word ends in a noun
    conj: bool  # ends in a coordinating particle (와/과/랑/이랑/하고, Kiwi JC)
    connective: bool  # ends in the clause connective -고 (Kiwi EC)
    proper: bool  # holds a proper noun (a place, organisation)
    nominal: bool  # ends as a noun phrase does (a noun, a number or a particle), not as a verb
    nouns: tuple[str, ...]
    conditional: bool = False  # ends in the conditional -(으)면 ("세우면"): a clause of its own
    comitative: bool = False  # 와/과 Kiwi read as "with" (JKB): "and" only before a noun phrase with its particle


def split_parts(question: str, analyzer: KoreanAnalyzer, named: Callable[[str], bool] = lambda w: False) -> list[str]:
    """The questions a compound question asks, in order; [question] when it asks one thing.
    `named(word)`: the sources write this word whole as a name ("여성가족과 |", "복지정책과는"),
    so its last letter is part of the name (a department, 과), not the particle "and"."""
    question = question.strip()
    parts = _sentences(question, analyzer)
    if len(parts) == 1:
        words = _words(question, analyzer, named)  # read once for both word-level splits
        # a comparison asks each compared thing's value; it wins over a clause split
        # ("A와 B 중 … 더 많은 쪽은 어디고 각각 몇?" asks two values, not two clauses)
        parts = _compared(words)
        if len(parts) == 1:
            parts = _clauses(question, words)
            if len(parts) == 2:
                # "A는 몇 명이고, 그중 B는 몇 명이며 임기는 몇 년?": the second clause asks two things
                parts = [parts[0], *_clauses(parts[1], _words(parts[1], analyzer, named))]
        if len(parts) == 1:
            parts = _listed_then_asked(question, words)
        if len(parts) == 1:
            parts = _coordination(question, words)
        if len(parts) == 1:
            parts = _wh_pair(question)
    return parts[:MAX_PARTS] if len(parts) > 1 else [question]


# a word, with a parenthesis it opens kept whole: "민간위원(교수ㆍ법조인 등)의" is one word
WORD = re.compile(r"[^\s(]*\([^()]*\)\S*|\S+")


def _words(text: str, analyzer: KoreanAnalyzer, named: Callable[[str], bool] = lambda w: False) -> list[_Word]:
    kiwi = analyzer._kiwi_instance()
    spans = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    morphs: list[list[tuple[str, str]]] = [[] for _ in spans]
    with analyzer._lock:
        toks = kiwi.tokenize(text)
    i = 0
    for t in toks:
        while i < len(spans) - 1 and t.start >= spans[i][1]:
            i += 1
        morphs[i].append((t.form, t.tag))
    out = []
    for (_, _, w), ms in zip(spans, morphs):
        body = [m for m in ms if not m[1].startswith("S")]  # punctuation is not the word's ending
        last = body[-1] if body else ("", "")
        out.append(_Word(
            text=w,
            particle=last[0] if last[1].startswith("J") else "",
            # 와/과 "and" (JC); colloquial 랑/이랑/하고 Kiwi often reads as "with" (JKB)
            conj=((last[1] == "JC" or (last[1] == "JKB" and last[0] in ("와", "과"))) and not named(w.rstrip(",.")))
            or (last[1] == "JKB" and last[0] in ("랑", "이랑", "하고")),
            connective=last[1] == "EC" and last[0] in ("고", "며", "으며"),  # -고, -(으)며: "and"
            proper=any(tag == "NNP" for _, tag in ms),
            nominal=bool(last[1]) and (last[1].startswith(("NN", "J", "SN", "SL", "XSN", "NR")) or last[1] == "SF"),
            nouns=tuple(f for f, tag in ms if tag.startswith("NN")),
            conditional=last[1] == "EC" and last[0] in ("면", "으면"),
            comitative=last[1] == "JKB" and last[0] in ("와", "과"),
        ))
    return out


def _topic(words: list[_Word], inclusive: bool = False) -> list[str]:
    """What a part is about: its words up to the first one marked as topic or subject (included
    when it opens the part, or when `inclusive`), before any interrogative."""
    out: list[str] = []
    for w in words:
        if ASKS.search(w.text):
            break
        if w.particle in ("은", "는", "이", "가", "께서"):
            if not out or inclusive:
                out.append(_bare(w))
            break
        out.append(w.text)
    return out


def _bare(w: _Word) -> str:
    return w.text[: len(w.text) - len(w.particle)] if w.particle and w.text.endswith(w.particle) else w.text


def _sentences(question: str, analyzer: KoreanAnalyzer) -> list[str]:
    """"… 며칠 안에 보고해야 해? 연기는?" → two questions; the short second one keeps the topic."""
    pieces = [p.strip() for p in re.split(r"(?<=[?？])\s+", question) if p.strip()]
    if len(pieces) < 2 or not all(ASKS.search(p) for p in pieces[1:]):
        return [question]
    out = [pieces[0]]
    topic = _topic(_words(pieces[0], analyzer), inclusive=True)
    for p in pieces[1:]:
        if len(p.split()) <= 3 and topic:
            p = " ".join(topic) + " " + p
        out.append(p)
    return out


# "A와 B 중 …", "A는 B보다 …": a comparison; what is compared is asked of each on its own
AMONG = re.compile(r"^(?:중|중에|중에서|가운데|가운데서)$")
COMPARES = re.compile(r"더|가장|제일|보다|어디|어느|누구|누가|곳|쪽")
# a predicate comparing amounts: "(더) 많아", "적은", "커", "높아", "늘었어"
MORE_OR_LESS = re.compile(r"^(?:(?:많|적|높|낮|작|짧|길|비싸|늘|줄)(?:아|어|은|는|을|다|니|나|지|냐|았|었|음|습)|크|커|큰|컸|긴|싸)")
AND_PARTICLES = ("와", "과", "랑", "이랑", "하고")


def _compared(words: list[_Word]) -> list[str]:
    """"A와 B 중 <속성>이 더 <비교>?" and "A는 B보다 <속성>이 많아?" → "A <속성>은?",
    "B <속성>은?": each compared thing's own value, so each is retrieved and cited on its own."""
    text = " ".join(w.text for w in words)
    if not COMPARES.search(text):
        return [text]
    k = next((k for k, w in enumerate(words) if AMONG.match(w.text)), None)
    if k is not None and k >= 2:
        i = next((i for i in range(k - 1) if words[i].particle in AND_PARTICLES), None)
        if i is None or i + 1 >= k:
            return [text]
        first = [x.text for x in words[:i]] + [_bare(words[i])]
        second = [x.text for x in words[i + 1: k]]
        attr = _compared_attribute(words[k + 1:])
        if not attr and len(first) > 1 and len(second) > 1:
            # "A의 사업비와 B의 예산안 중 어느 쪽이 …": each conjunct names its own attribute
            return [_with_particle(" ".join(first), "은") + "?", _with_particle(" ".join(second), "은") + "?"]
        if not attr:
            return [text]
        return [" ".join([*first, *attr]) + "?", " ".join([*second, *attr]) + "?"]
    j = next((j for j, w in enumerate(words) if w.particle == "보다" and j > 0), None)
    # "A는 B보다 …" compares amounts only with a predicate of more or less ("우선해" is no amount);
    # "… 보다 몇 % 늘어?", "얼마나 <형용사>?" ask the difference, which one passage states
    if (j is None or not any(MORE_OR_LESS.match(x.text) for x in words[j + 1:])
            or any(ASK_WORD.match(x.text) for x in words[j + 1:])):
        return [text]
    a = max((a for a in range(j) if words[a].particle in ("은", "는", "이", "가")), default=None)
    if a is None:
        return [text]
    first = [x.text for x in words[:a]] + [_bare(words[a])]
    second = [x.text for x in words[a + 1: j]] + [_bare(words[j])]
    attr = _compared_attribute(words[j + 1:])
    if not attr and len(first) > 1:
        # "A 예산은 B보다 많아?": the compared attribute is the first subject's head
        attr = [_with_particle(first[-1], "은")]
        first = first[:-1]
    if not attr or not second:
        return [text]
    return [" ".join([*first, *attr]) + "?", " ".join([*second, *attr]) + "?"]


def _compared_attribute(words: list[_Word]) -> list[str]:
    """The noun phrase a comparison measures: the nominal words before its predicate
    ("<속성> 한도가 더 높은 쪽은" → "<속성> 한도는"), interrogatives left out."""
    out: list[_Word] = []
    for w in words:
        if w.text in ("더", "가장", "제일"):
            break
        if ASK_WORD.match(w.text) or WHICH_WORD.match(w.text):
            continue
        if not (w.nominal or w.particle):
            break
        out.append(w)
        if w.particle in ("은", "는", "이", "가", "을", "를"):
            break
    if not out:
        return []
    return [x.text for x in out[:-1]] + [_with_particle(_bare(out[-1]), "은")]


AUXILIARY = re.compile(r"^(?:있|계시|계세|계신|싶)")
ANAPHOR = re.compile(r"^(?:그\s*중|이\s*중|그\s*가운데|이\s*가운데)(?:에서|에)?\s+")


def _clauses(question: str, words: list[_Word]) -> list[str]:
    """"<A>는 몇 건이고 <B>는 누구야?" → two questions, split at the connective -고
    when both sides ask something."""
    for i, w in enumerate(words[:-1]):
        if not w.connective:
            continue
        left = " ".join(x.text for x in words[: i + 1])
        right_words = words[i + 1:]
        right = " ".join(x.text for x in right_words)
        if not (ASKS.search(left) and ASKS.search(right)):
            continue
        if AUXILIARY.match(right_words[0].text) and not right_words[0].nouns:
            continue  # "정하고 있어?": -고 before an auxiliary verb is one predicate, not two clauses
        # "… 그중 <일부>는?" points back at the first clause's subject: it goes along too
        back = bool(ANAPHOR.match(right))
        # a second clause naming no subject of its own ("…하며, 어떤 방법으로 해?") asks about
        # the first clause's subject: it goes along whole
        subject = any(x.particle in ("은", "는", "이", "가", "께서") for x in right_words)
        topic = _topic(words[: i + 1], inclusive=back or not subject)
        if back:
            right = ANAPHOR.sub("", right, count=1)
        own = _topic(right_words)
        if any(x.conditional for x in right_words):
            topic = _without_condition(words[: i + 1], topic)
        shared = [t for t in topic if t not in own]
        return [left.rstrip(","), " ".join([*shared, right]) if shared else right]
    return [question]


def _without_condition(words: list[_Word], topic: list[str]) -> list[str]:
    """The first clause's topic without its own condition, when the second states another
    ("<곳>에 <A> 하면 <값> 얼마고, <B> 하면 얼마야?": B's condition replaces A's): the
    conditional verb and the bare words it governs are left out."""
    drop: set[str] = set()
    for k, w in enumerate(words):
        if w.conditional and w.text in topic:
            drop.add(w.text)
            j = k - 1
            while j >= 0 and not words[j].particle and words[j].text in topic:
                drop.add(words[j].text)
                j -= 1
    return [t for t in topic if t not in drop]


def _coordination(question: str, words: list[_Word]) -> list[str]:
    """"예산과 결산은 각각 얼마?", "A센터와 B센터의 예산을 비교해줘" → one question per
    conjunct. Only a coordination the question asks about: the conjuncts are the asked
    attribute (the interrogative follows them) or the question is distributive ("각각", "비교")."""
    for i, w in enumerate(words[:-1]):
        if not w.conj:
            continue
        span = _conjuncts(words, i)
        if span is None or not _asked_about(words, span[1], question):
            continue
        if w.comitative and not words[span[1]].particle:
            continue  # "<상대>와 계약 할 수 있어?": "with", the noun after it is no conjunct
        lo, hi = span
        before = [x.text for x in words[:lo]]
        left = [x.text for x in words[lo:i]] + [_with_particle(_bare(w), words[hi].particle)]
        right = [x.text for x in words[i + 1: hi + 1]]
        right[-1] = right[-1].rstrip(",")
        # each part asks for its own value; "비교해줘", "각각", "뭐가 달라?" belong to the whole
        rest = [x.text for x in words[hi + 1:] if not DISTRIBUTIVE_WORD.match(x.text)
                and not WHICH_WORD.match(x.text) and not MORE_OR_LESS.match(x.text)]
        parts = [" ".join([*before, *left, *rest]), " ".join([*before, *right, *rest])]
        return [p if p.endswith(("?", "？")) else p + "?" for p in parts]
    return [question]


def _listed_then_asked(question: str, words: list[_Word]) -> list[str]:
    """"<주제> <명사>이랑, <조건>이면 <값>은?" → "<주제> <명사>은?" and "<주제> <조건>이면
    <값>은?": a noun coordinated and then set off by a comma is asked about on its own,
    and what follows the comma is a second question about the same topic."""
    for i, w in enumerate(words[:-1]):
        if not (w.conj and w.text.endswith(",") and w.nouns):
            continue
        right_words = words[i + 1:]
        right = " ".join(x.text for x in right_words)
        if not ASKS.search(right):
            continue
        before = [x.text for x in words[:i]]
        first = " ".join([*before, _with_particle(_bare_noun(w), "은")]) + "?"
        own = _topic(right_words)
        shared = [t for t in _topic(words[:i], inclusive=True) if t not in own]
        return [first, " ".join([*shared, right])]
    return [question]


def _bare_noun(w: _Word) -> str:
    text = w.text.rstrip(",")
    return text[: len(text) - len(w.particle)] if w.particle and text.endswith(w.particle) else text


def _with_particle(noun: str, particle: str) -> str:
    """The particle in the form the noun's last syllable takes: 임기 + 은 → 임기는, 기간 + 는 → 기간은."""
    pairs = {"은": ("은", "는"), "는": ("은", "는"), "이": ("이", "가"), "가": ("이", "가"),
             "을": ("을", "를"), "를": ("을", "를"), "과": ("과", "와"), "와": ("과", "와")}
    if particle not in pairs or not noun or not "가" <= noun[-1] <= "힣":
        return noun + particle
    closed = (ord(noun[-1]) - ord("가")) % 28 != 0  # the syllable ends in a consonant (받침)
    return noun + pairs[particle][0 if closed else 1]


def _conjuncts(words: list[_Word], i: int) -> tuple[int, int] | None:
    """Where the coordination at word i starts (the left conjunct's first word) and ends (the
    right conjunct's last word), or None when the right side is no noun phrase."""
    w = words[i]
    lo = i
    # "청소년센터 동의안과 가족 센터 동의안은": the same head noun ends both conjuncts,
    # so the modifiers before the left one belong to it
    j = next((j for j in range(i + 1, min(len(words), i + 7)) if words[j].nouns and w.nouns
              and "".join(words[j].nouns).endswith(w.nouns[-1])), None)
    if j is not None and any(x.particle in ("의", "에서") for x in words[i + 1: j]):
        # "<X에서 말하는 A>와 <Y에서 …하는 A>", "<…A>와 <Y의 A>": the right conjunct names its own
        # source or possessor, so the left one's modifiers are its own too, back to the
        # question's topic, subject or object; a relative clause in either is no verb of the question
        while (lo > 0 and words[lo - 1].particle not in ("은", "는", "이", "가", "을", "를")
               and not ASKS.search(words[lo - 1].text)):
            lo -= 1
        return lo, j
    if j is not None and j - i <= 4:
        while lo > 0 and not words[lo - 1].particle and not ASKS.search(words[lo - 1].text) and i - lo < 3:
            lo -= 1
        hi = j
    else:
        # otherwise parallel to the left conjunct (a place name with its modifier); a common-noun
        # conjunct runs on to its particle ("재임 기간은")
        while lo > 0 and words[lo - 1].proper and not words[lo - 1].particle and i - lo < 2:
            lo -= 1
        hi = i + (i - lo) + 1
        if not w.proper:
            # a comma closes the conjunct: "A랑 B, <속성> …" asks the attribute of both
            while (hi < len(words) - 1 and not words[hi].particle and hi - i < 4 and words[hi + 1].nominal
                   and not ASK_WORD.search(words[hi + 1].text) and not words[hi].text.endswith(",")):
                hi += 1
            # a right conjunct of several words naming its own body ("<기관> <위원회> <위원>의")
            # is parallel to the left: a bare noun before the left conjunct with the same head
            # (보훈위원회 ~ 심사위원회) belongs to the left one, not to both
            heads = {x.nouns[-1] for x in words[i + 1: hi] if x.nouns}
            while (lo > 0 and i - lo < hi - i - 1 and words[lo - 1].nominal and not words[lo - 1].particle
                   and words[lo - 1].nouns and words[lo - 1].nouns[-1] in heads):
                lo -= 1
    if hi >= len(words) or not all(x.nominal or x.particle for x in words[i + 1: hi + 1]):
        return None  # "<업체>랑 계약해도 돼?": 랑 is "with" before a verb, not "and"
    return lo, hi


def _asked_about(words: list[_Word], hi: int, question: str) -> bool:
    """Does the question ask about each conjunct (not about something done by both)? A value
    asked of joint subjects ("A랑 B는 얼마/어떻게 …?") is each one's own value; how often they
    act together ("몇 번 협의해?") is one."""
    tail = " ".join(x.text for x in words[hi + 1:])
    if (words[hi].particle in ("은", "는", "이", "가") and tail and not DISTRIBUTIVE.search(question)
            and not any(VALUE_ASKED.match(x.text) for x in words[hi + 1:])):
        return False  # joint subjects of one predicate ("노조랑 사용자는 … 교섭해야 해?")
    bare_phrase = not ASKS.search(question)  # "… 계획치랑 집행액" asks about what it names
    asked_here = bool(ASKS.search(" ".join(x.text for x in words[hi: hi + 4]))) or bare_phrase
    if not (asked_here or DISTRIBUTIVE.search(question)):
        return False
    return bool(ASKS.search(tail + words[hi].text) or DISTRIBUTIVE.search(tail) or bare_phrase)


def _wh_pair(question: str) -> list[str]:
    """"누가 언제 제출했나?" → "누가 제출했나?", "언제 제출했나?": two interrogatives side by
    side ask two things of one predicate."""
    words = question.split()
    for i in range(len(words) - 1):
        a, b = ASK_WORD.match(words[i]), ASK_WORD.match(words[i + 1])
        if a and b and a.group() != b.group() and words[i] == a.group() and words[i + 1] == b.group():
            return [" ".join(words[:i + 1] + words[i + 2:]), " ".join(words[:i] + words[i + 1:])]
    return [question]


# -- a comparison's verdict: which compared value is larger ----------------------------------------

# the question asks how the parts compare, not only what each is
COMPARISON_ASKED = re.compile(r"비교|차이|다르|다른|달라|달랐|달리|같(?!이)|동일|(?:^|\s)더\s|보다\s|(?:^|\s)중\s")
# durations, areas and lengths that quantities.parse leaves to its caller (a year of the calendar,
# an article number and a day of a date are no amount)
MEASURE = re.compile(r"(?<![\d.,제])(\d[\d,]*(?:\.\d+)?)\s*(년|개월|일|시간|제곱미터|㎡|킬로미터|km|미터|m)(?![가-힣]*원)")


def compared_value(text: str, unit: str | None, counter: str = "") -> tuple[str, Decimal, str] | None:
    """The one amount a part's answer states — (kind, value, as written) —, in the asked unit (or
    the counter after 몇) when the part asks one; None when it states none or several different ones."""
    from .. import quantities

    body = re.sub(r"\[\d+\]|<[^>]*>", " ", text)
    found = [(q.kind, q.value, q.text.strip()) for q in quantities.parse(body) if q.kind]
    for m in MEASURE.finditer(body):
        before = body[max(0, m.start() - 4): m.start()]
        if m.group(2) == "년" and re.fullmatch(r"(?:19|20)\d\d", m.group(1).replace(",", "")):
            continue  # 2024년: a year, not a duration
        if m.group(2) == "일" and re.search(r"(?:월|\d\.)\s*$", before):
            continue  # 10월 31일: a date
        found.append((m.group(2), Decimal(m.group(1).replace(",", "")), m.group().strip()))
    if unit:
        asked = re.compile(unit)
        found = [f for f in found if asked.search(f[2])]
    elif counter:
        # "몇 대", "몇 개교": the counter the question asks in
        found = [(counter, Decimal(m.group(1).replace(",", "")), m.group().strip())
                 for m in re.finditer(rf"(?<![\d.,제])(\d[\d,]*(?:\.\d+)?)\s*{re.escape(counter)}(?=[^가-힣]|[은는이가을를의로와과도만씩에]|$)", body)]
    if len({(k, v) for k, v, _ in found}) > 1:
        # "위원장 1명을 포함한 20명 이내": a limit is what a rule's amount is
        found = [f for f in found if re.search(re.escape(f[2]) + r"\s*(?:이내|이하|이상|미만|초과)", body)]
    if len({(k, v) for k, v, _ in found}) != 1:
        return None
    return found[0]


def asked_counter(part: str) -> str:
    """The counter word after 몇 ("몇 대" → 대), "" when the part asks none."""
    m = re.search(r"몇\s*([가-힣]{1,2}?)(?:이|인|야|씩|은|는|을|를|\?|$|\s)", part)
    return m.group(1) if m else ""


def comparison_line(question: str, names: list[str], values: list[tuple[str, Decimal, str] | None]) -> str | None:
    """"비교: A 20명 < B 25명 — B 쪽이 더 큽니다" when a comparison's two parts each state one
    amount of the same kind; None otherwise (the parts' answers stand on their own)."""
    if len(values) != 2 or len(names) != 2 or not all(values) or not COMPARISON_ASKED.search(question):
        return None
    (ka, va, ta), (kb, vb, tb) = values  # type: ignore[misc]
    if ka != kb or not all(names):
        return None
    a, b = names
    if va == vb:
        return f"비교: {a} {ta}, {b} {tb} — 두 값이 같습니다."
    big, small = ((a, ta), (b, tb)) if va > vb else ((b, tb), (a, ta))
    gap = _difference(abs(va - vb), ka, ta, tb)
    more = f"{gap} 더 큽니다" if gap else "더 큽니다"
    return f"비교: {big[0]} {big[1]} > {small[0]} {small[1]} — {big[0]} 쪽이 {more}."


WON_UNITS = (("억원", Decimal(10) ** 8), ("백만원", Decimal(10) ** 6), ("천만원", Decimal(10) ** 7),
             ("만원", Decimal(10) ** 4), ("천원", Decimal(1000)))


def _difference(gap: Decimal, kind: str, ta: str, tb: str) -> str:
    """How much larger, in the unit both amounts are written in ("1,486백만원" and "4,820백만원" →
    "3,334백만원"), else in 억·만 ("33억 3,400만원"); "" when the kinds carry no unit to write."""
    if kind != "won":
        unit = re.sub(r"^[\d,.\s]+", "", ta)
        return f"{gap.normalize():,f}{unit}" if unit and unit == re.sub(r"^[\d,.\s]+", "", tb) else ""
    for unit, size in WON_UNITS:
        if ta.endswith(unit) and tb.endswith(unit) and re.fullmatch(r"[\d,.]+" + unit, ta.replace(" ", "")):
            return f"{(gap / size).normalize():,f}{unit}"
    eok, rest = divmod(gap, Decimal(10) ** 8)
    man = rest / Decimal(10) ** 4
    if man != man.to_integral_value():
        return f"{gap:,f}원"
    out = (f"{int(eok):,}억" if eok else "") + (f" {int(man):,}만" if man else "")
    return out.strip() + "원" if out else ""


def compared_names(parts: list[str], analyzer: KoreanAnalyzer) -> list[str]:
    """What each part names that the others do not ("A구 예산은?", "B구 예산은?" → A구, B구)."""
    words = [_words(p.rstrip("?？ "), analyzer) for p in parts]
    texts = [{_bare(w) for w in ws} for ws in words]
    out = []
    for i, ws in enumerate(words):
        others = set().union(*(t for j, t in enumerate(texts) if j != i))
        # a name is a noun phrase: a verb the other part lacks ("받은", "쓴") names nothing
        out.append(" ".join(_bare(w) for w in ws if _bare(w) not in others and w.nominal))
    return out

"""Which candidate ranks first: the asked 조·항 and the contrast-set gate (features.specifier_match)."""

from __future__ import annotations

from assistant.answering import features as F
from assistant.answering.candidates import Candidate, candidates_of
from assistant.answering.question import read_question
from assistant.models import Chunk, Hit


def _title(doc: str) -> str:
    return {"ord.md": "가나시 주차장 조례 일부개정조례안", "acct.pdf": "2024회계연도 문화국 결산 검토보고"}.get(doc, doc)


def _frame(kiwi, q: str):
    return read_question(q, kiwi, lambda t: 2.0)


def _hit(text: str, doc: str, section: list[str], kind: str = "article", **extra) -> Hit:
    chunk = Chunk(f"{doc}#1", doc, 1, text, section, 0, len(text), kind=kind)
    for k, v in extra.items():
        setattr(chunk, k, v)
    return Hit(chunk, 1.0, 1)


def test_a_passage_citing_the_asked_article_and_paragraph_is_about_it(kiwi):
    fr = _frame(kiwi, "제4조제3항 개정규정은 언제부터 시행돼?")
    assert fr.articles == [("4", "")] and fr.clauses == ["3"]
    # a 부칙 saying when the asked provision takes effect is another article's text
    rule = "이 조례는 공포한 날부터 시행한다. 다만, 제4조제3항의 개정규정은 2026년 7월 1일부터 시행한다."
    appendix = candidates_of(_hit(rule, "ord.md", ["부칙", "제1조(시행일)"], appendix=True))[0]
    assert F.specifier_match(fr, appendix, _title) == 1.0
    # another article's or another paragraph's provision still does not answer
    other = "다만, 제5조제3항의 개정규정은 2026년 7월 1일부터 시행한다."
    assert F.specifier_match(fr, candidates_of(_hit(other, "ord.md", ["부칙", "제1조(시행일)"]))[0], _title) == 0.0
    para = "다만, 제4조제2항의 개정규정은 2026년 7월 1일부터 시행한다."
    assert F.specifier_match(fr, candidates_of(_hit(para, "ord.md", ["부칙", "제1조(시행일)"]))[0], _title) == 0.0
    # a bare "제3항" names no article: it may be any article's paragraph
    bare = "② 제3항에 따른 신청은 서면으로 한다."
    assert F.specifier_match(fr, candidates_of(_hit(bare, "ord.md", ["제9조(신청)"]))[0], _title) == 0.0


def test_a_table_header_names_the_members_its_cells_stand_under(kiwi):
    # a 결산 table has an 예산현액 column: a question about it is not about "another member" (예산 ~ 결산)
    fr = _frame(kiwi, "문화예술과 예산현액 대비 이월액은?")
    header = ["부서", "예산현액", "지출액", "이월액"]
    line = "문화예술과 | 58,920 | 47,381 | 8,760"
    chunk = Chunk("acct.pdf#1", "acct.pdf", 1, line, ["부서별 세출 결산"], 0, len(line), kind="table")
    cell = Candidate(Hit(chunk, 1.0, 1), 0, len(line), line, "cell", row_label="문화예술과", col_label="이월액",
                     value="8,760", header=header)
    assert F.specifier_match(fr, cell, _title) == 1.0
    # without the header the document title alone names only the other member
    bare = Candidate(Hit(chunk, 1.0, 1), 0, len(line), line, "cell", row_label="문화예술과", col_label="이월액",
                     value="8,760")
    assert F.specifier_match(fr, bare, _title) == 0.0

"""Statutes read as statutes: front matter → metadata, headings → section path, clean 항 lines, 부칙."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.chunking import chunk_document
from assistant.loaders import load_document

FRONT = """---
제목: 예시사업의 공정화에 관한 법률
법령MST: 281999
법령ID: '009367'
법령구분: 법률
소관부처:
- 공정거래위원회
공포일자: 2025-12-30
공포번호: '21295'
시행일자: 2026-12-31
상태: 시행
출처: https://www.law.go.kr/법령/예시사업의공정화에관한법률
---
"""
LONG_ITEM = "가맹본부는 정보공개서를 제공하여야 한다" + "ㆍ그 밖에 필요한 사항" * 60 + "."
BODY = f"""
# 예시사업의 공정화에 관한 법률

## 제1장 총칙 <개정 2007.8.3>

##### 제1조 (목적)

이 법은 예시사업의 공정한 거래질서를 확립함을 목적으로 한다.

##### 제2조 (정의)

이 법에서 사용하는 용어의 정의는 다음과 같다. <개정 2007.8.3, 2013.8.13>

  1\\. "가맹금"이란 다음 각 목의 어느 하나에 해당하는 대가를 말한다.
    가\\. 가입비ㆍ입회비
    나\\. 보증금
  2\\. "가맹본부"란 가맹점운영권을 부여하는 사업자를 말한다.

##### 제3조 (가맹금의 정의)

**①** 가맹금은 대통령령으로 정하는 바에 따라 예치하여야 한다. <개정 2012.2.17>

  1\\. 가맹점사업자가 지급한 금액이 100만원 이하인 경우

**②** 제1항에도 불구하고 공정거래위원회는 예치를 면제할 수 있다.

##### 제3조 (정보공개서의 등록)

**①** 가맹본부는 정보공개서를 등록하여야 한다.

##### 제4조

삭제 <2007.8.3>

## 제2장 가맹사업거래

### 제1절 정보공개

##### 제5조 (정보공개서의 제공)

**①** {LONG_ITEM}

**②** {LONG_ITEM}

**③** {LONG_ITEM}

**④** {LONG_ITEM}

**⑤** {LONG_ITEM}

**⑥** {LONG_ITEM}

## 부칙

부칙 <제12345호,2020.1.1>

제1조(시행일) 이 법은 공포 후 6개월이 경과한 날부터 시행한다.

제2조(가맹금에 관한 적용례) 제2조의 개정규정은 이 법 시행 후 지급하는 가맹금부터 적용한다.
"""


@pytest.fixture(scope="module")
def statute(tmp_path_factory):
    path = tmp_path_factory.mktemp("law") / "예시사업의공정화에관한법률_법률.md"
    path.write_text(FRONT + BODY, encoding="utf-8")
    doc = load_document(path)
    return doc, chunk_document(doc)


def by_section(chunks, label):
    found = [c for c in chunks if c.section and c.section[-1] == label]
    assert found, f"no chunk under {label}: {[c.section for c in chunks]}"
    return found


def test_front_matter_is_metadata_not_body(statute):
    doc, chunks = statute
    assert doc.fmt == "md"
    assert doc.title == "예시사업의 공정화에 관한 법률" and doc.kind == "법률" and doc.date == "2026-12-31"
    assert doc.fields["소관부처"] == "공정거래위원회" and doc.fields["공포번호"] == "21295"
    assert doc.fields["공포일자"] == "2025-12-30" and doc.fields["출처"].startswith("https://www.law.go.kr/")
    body_start = len(FRONT)
    assert all(b.start >= body_start for b in doc.blocks)
    for c in chunks:
        assert "법령MST" not in c.text and "소관부처" not in c.text and "---" not in c.text
        for pos, s, e in c.spans:  # offsets still point at the file's own characters
            assert c.text[pos : pos + (e - s)] == doc.text[s:e]


def test_articles_carry_law_chapter_and_article_in_the_section(statute):
    _, chunks = statute
    (art3,) = by_section(chunks, "제3조(가맹금의 정의)")
    assert art3.kind == "article"
    assert art3.section == ["예시사업의 공정화에 관한 법률", "제1장 총칙", "제3조(가맹금의 정의)"]
    assert art3.text.startswith("제3조(가맹금의 정의)\n")
    (art5a, *_) = by_section(chunks, "제5조(정보공개서의 제공)")
    assert art5a.section[:3] == ["예시사업의 공정화에 관한 법률", "제2장 가맹사업거래", "제1절 정보공개"]


def test_each_paragraph_on_its_own_line_and_no_markdown_debris(statute):
    _, chunks = statute
    (art3,) = by_section(chunks, "제3조(가맹금의 정의)")
    lines = art3.text.split("\n")
    assert lines[1].startswith("① 가맹금은") and lines[2].startswith("1. 가맹점사업자가")
    assert lines[3].startswith("② 제1항에도")
    (art2,) = by_section(chunks, "제2조(정의)")
    assert "\n가. 가입비ㆍ입회비\n나. 보증금\n2. \"가맹본부\"" in art2.text
    for c in chunks:
        for text in [c.text, *c.section]:
            assert "**" not in text and "\\" not in text and "#" not in text, text


def test_branch_article_number_restored(statute):
    _, chunks = statute
    (c,) = by_section(chunks, "제3조의2(정보공개서의 등록)")
    assert c.text.startswith("제3조의2(정보공개서의 등록)\n① 가맹본부는")


def test_deleted_article_kept_small(statute):
    _, chunks = statute
    (c,) = by_section(chunks, "제4조")
    assert c.text == "제4조\n삭제 <2007.8.3>"


def test_long_article_split_between_paragraphs(statute):
    doc, chunks = statute
    parts = by_section(chunks, "제5조(정보공개서의 제공)")
    assert len(parts) >= 2
    assert parts[0].text.startswith("제5조(정보공개서의 제공)\n①")
    assert all(re.match(r"^[①-⑳]", p.text) for p in parts[1:])  # every piece starts at a 항
    for p in parts:  # no 항 is cut: each line is a whole paragraph of the source
        for line in p.text.split("\n")[1:] if p is parts[0] else p.text.split("\n"):
            assert line.endswith(LONG_ITEM)


def test_supplementary_provisions_flagged_under_the_law(statute):
    _, chunks = statute
    (c,) = by_section(chunks, "제1조(시행일)")
    assert c.section == ["예시사업의 공정화에 관한 법률", "부칙 <제12345호, 2020.1.1>", "제1조(시행일)"]
    assert c.appendix and c.kind == "article"
    assert all(not x.appendix for x in chunks if "부칙" not in x.section_path)
    assert by_section(chunks, "제2조(가맹금에 관한 적용례)")[0].appendix


def test_plain_text_ordinance_article_puts_its_first_paragraph_on_a_line(tmp_path):
    path = tmp_path / "조례.txt"
    path.write_text(
        "서울특별시 예시 조례\n\n제1장 총칙\n\n제3조 (설치) ① 시장은 위원회를 둔다.\n② 위원회는 10명 이내로 구성한다.\n\n"
        "부      칙\n\n이 조례는 공포한 날부터 시행한다.\n",
        encoding="utf-8",
    )
    doc = load_document(path)
    chunks = chunk_document(doc)
    art = next(c for c in chunks if c.kind == "article")
    assert art.section == ["제1장 총칙", "제3조(설치)"]
    assert art.text == "제3조(설치)\n① 시장은 위원회를 둔다.\n② 위원회는 10명 이내로 구성한다."
    for pos, s, e in art.spans:
        assert art.text[pos : pos + (e - s)] == doc.text[s:e]
    last = chunks[-1]
    assert last.section == ["부칙"] and last.appendix and "공포한 날부터" in last.text


def test_markdown_without_front_matter_is_still_structured(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# 회의 메모\n\n## 1. 안건\n\n- 예산 **증액** 검토\n- 일정 조정\n", encoding="utf-8")
    doc = load_document(path)
    chunks = chunk_document(doc)
    assert doc.title == "회의 메모" and doc.fields == {}
    c = next(c for c in chunks if "증액" in c.text)
    assert c.section == ["회의 메모", "1. 안건"] and "**" not in c.text and "- 예산 증액 검토" in c.text


STATUTES = Path(__file__).resolve().parents[2] / "shared" / "dev-corpus" / "statutes"


@pytest.mark.skipif(not STATUTES.is_dir(), reason="shared statute corpus not present")
def test_real_statutes_read_cleanly():
    files = sorted(STATUTES.glob("*.md"))[:: max(1, len(sorted(STATUTES.glob("*.md"))) // 6)][:6]
    for f in files:
        doc = load_document(f)
        chunks = chunk_document(doc)
        assert doc.fields.get("법령ID") and doc.kind and doc.title
        articles = [c for c in chunks if c.kind == "article" and not c.appendix]
        assert articles, f.name
        assert all(c.section[0] == doc.title and re.match(r"^제\d+조", c.section[-1]) for c in articles), f.name
        for c in chunks:
            assert "법령MST" not in c.text
            assert not re.search(r"\*\*|\\[.()\-]|^#", c.text + "".join(c.section), re.M), (f.name, c.text[:80])

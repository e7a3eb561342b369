"""A realistic sample draft (passages and offsets from the bundled corpus) for the docs
screenshot and for trying the exporters by hand:

    python -m assistant.export.sample 초안.docx   # or .md
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..models import REFUSAL, Answer, Citation, ToolCall
from .draft import DraftDocument

_REPORT = ("000_676e27cb4d6cfd79.txt", "서울특별시 전자상거래센터 운영 민간위탁 동의안 검토보고")
_EVAL = ("004_984b758faf68b4cd.txt", "2023년 제3차 민간위탁 종합성과평가 결과 공개")

_CONSENT = (
    "시장은 제4조 각 호 사무에 대해 민간위탁을 하고자 하는 경우와 위탁사무의 중요내용에 변경이 있는 경우, "
    "제2조제4호에 따른 재위탁을 하는 경우에는 서울특별시의회(이하 \"의회\"라 한다)의 동의를 받아야 한다."
)
_OVERVIEW = (
    "동 동의안은 전자상거래센터의 민간위탁 만료시점(2024년 12월 31일)이 도래하여 「서울특별시 행정사무의 "
    "민간위탁에 관한 조례」1)에 따라 재위탁에 앞서 서울특별시의회의 동의를 받고자 제출됨."
)
_BELOW_75 = "평가 결과 75점 미만은 해당 수탁기관과 재계약 배제 및 공개모집(관리지침)"
_SECTIONS = {
    "consent": "Ⅳ. 참고사항 > 가. 관계법령 > ◦ 서울특별시 행정사무의 민간위탁에 관한 조례 > 제4조의3(의회동의 및 보고)",
    "overview": "Ⅴ. 검토의견(수석전문위원 이준석) > 1. 동의안의 개요",
    "exclusion": "Ⅴ. 검토의견(수석전문위원 이준석) > 3. 민간위탁의 적절성 여부",
    "result": "□ 평가결과",
}


def _cite(n: int, src: tuple[str, str], section: str, quote: str, start: int, end: int, chunk: str) -> Citation:
    return Citation(n, src[0], src[1], _SECTIONS[section], quote, quote, start, end, chunk)


def sample_answers() -> list[Answer]:
    consent = _cite(1, _REPORT, "consent", _CONSENT, 2822, 2943, "e30cb2a6966fe571")
    overview = _cite(2, _REPORT, "overview", _OVERVIEW, 3141, 3253, "59bfa2335bb30857")
    exclusion = _cite(1, _REPORT, "exclusion", "종합성과평가 결과가 75점 미만인 경우", 8165, 8186, "4fa5836067874401")
    below75 = _cite(2, _EVAL, "result", _BELOW_75, 536, 578, "405a385ea7499f98")
    average = _cite(1, _EVAL, "result", "평가점수 : 6개 민간위탁사무 평가 결과 평균 79.05점", 290, 322, "405a385ea7499f98")
    return [
        Answer(
            "전자상거래센터를 재위탁하려면 왜 시의회 동의가 필요한가요?",
            "「서울특별시 행정사무의 민간위탁에 관한 조례」 제4조의3 제1항은 재위탁을 하는 경우 "
            "서울특별시의회의 동의를 받도록 정하고 있습니다 [1].\n"
            "동의안은 센터의 민간위탁 만료시점(2024년 12월 31일)이 도래하여 재위탁에 앞서 "
            "시의회 동의를 받고자 제출되었습니다 [2].",
            False, [consent, overview], retrieved=[],
        ),
        Answer(
            "종합성과평가 점수가 72점인 수탁기관과 재계약할 수 있나요?",
            # the rule engine's answer shape (assistant/toolrouter.py): verdict, then the 근거 block
            "재계약 배제 대상입니다. 재계약 배제 사유 ①에 해당하여 현 수탁기관과 재계약할 수 없고, "
            "재위탁(공개모집)으로 수탁자를 선정해야 합니다.\n"
            "근거\n"
            "- 입력: 종합성과평가 72점 (질문에서 주어진 값)\n"
            "- 적용 규칙: 「서울시 행정사무의 민간위탁 관리지침」 재계약 배제 사유 ① — "
            "종합성과평가 결과 75점 미만 [1][2]\n"
            "- 결과: ① 72점 → 기준(75점 미만) 해당\n"
            "- 참고: 사유 ②·③·④·⑤는 해당 정보가 없어 판단하지 않았습니다.",
            False, [exclusion, below75], retrieved=[],
            tool_calls=[ToolCall(
                "recontract_eligibility", {"eval_score": 72},
                {"status": "excluded", "excluded_by": ["①"], "rule_title": "재계약 배제(재위탁 공개모집) 사유",
                 "basis": "「서울시 행정사무의 민간위탁 관리지침」"},
                [1, 2],
            )],
        ),
        Answer(
            "2023년 제3차 종합성과평가에서 재계약 배제 대상이 있었나요?",
            "6개 사무의 평균은 79.05점이었고 [1], 75점 미만이면 재계약에서 배제되지만 [2] "
            "이번 평가에서 배제 대상 사무는 없었습니다 [1].",
            False, [average, _cite(2, _EVAL, "result", _BELOW_75, 536, 578, "405a385ea7499f98")], retrieved=[],
        ),
        Answer("전자상거래센터 직원 1인당 평균 인건비는 얼마인가요?", REFUSAL, True, [], retrieved=[]),
    ]


def sample_draft() -> DraftDocument:
    draft = DraftDocument(title="전자상거래센터 민간위탁 동의안 검토 메모", date="2024-08-20")
    for answer in sample_answers():
        draft.add(answer)
    return draft


if __name__ == "__main__":
    from . import export_draft

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "export-sample.docx")
    print(export_draft(sample_draft(), out.suffix.lstrip(".") or "docx", out))

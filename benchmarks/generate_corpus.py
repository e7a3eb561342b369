"""A synthetic but realistic corpus of Seoul Metropolitan Council report pages, for benchmarks.

Documents are assembled from templates and word lists — many services (센터/시설), agencies,
departments, years and amounts — in the shape of the real text dumps in corpus/: wrapped
lines with blank lines between, headings (Ⅰ./1./가./◦), flattened tables ("연  도 2022년 …",
"합  계 519,778천원 …"), captions (< … >), ordinance articles (제N조(…) ① …) and page numbers
("- 3 -"). Each service has one fixed set of facts (budget per year, staff, agency, scores),
so every document that mentions it agrees, and questions with known answers can be asked.

Output (all under --out, default benchmarks/out/corpus-<pages>):
    gen_0001.txt …          one report each, 5–30 pages of ~1,500–2,000 characters
    pages.json              {file: {"pages": n, "chars": n, "kind": ...}} and totals
    questions.jsonl         {"q", "answer", "service", "type", "year"} — the answer string
                            appears in the passage that answers the question

    .venv/bin/python benchmarks/generate_corpus.py --pages 1000 --seed 7
Deterministic: the same --pages/--seed give byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
GANADA = "가나다라마바사아자차카타파하"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"

REGIONS = [
    "강남", "강동", "강북", "강서", "관악", "광진", "구로", "금천", "노원", "도봉", "동대문", "동작", "마포",
    "서대문", "서초", "성동", "성북", "송파", "양천", "영등포", "용산", "은평", "종로", "중랑",
    "서북권", "서남권", "동북권", "동남권", "도심권", "한강", "남산", "북한산", "청계", "여의도",
]

# facility type, target group, tasks, indicators (name, unit), ordinance, department
TYPES: list[tuple[str, str, list[str], list[tuple[str, str]], str, str]] = [
    ("청소년수련관", "청소년", ["청소년 수련활동 프로그램 운영", "진로·직업체험 교육", "청소년 동아리 및 자치활동 지원",
      "수련시설 안전관리 및 대관", "방과후 아카데미 운영"], [("프로그램 참여 인원", "명"), ("이용자 만족도", "점"),
      ("동아리 활동 건수", "건")], "서울특별시 청소년활동 진흥 조례", "아동청소년담당관"),
    ("노인종합복지관", "어르신", ["어르신 건강증진 프로그램", "독거어르신 안부확인 및 돌봄", "노인일자리 사업 운영",
      "경로식당 무료급식", "평생교육 및 여가문화 프로그램"], [("경로식당 이용 인원", "명"), ("돌봄 대상자 수", "명"),
      ("노인일자리 참여자", "명")], "서울특별시 노인복지시설 설치 및 운영에 관한 조례", "어르신복지과"),
    ("장애인복지관", "장애인", ["장애인 재활치료 및 상담", "직업재활 및 취업 알선", "주간보호 프로그램 운영",
      "보조기기 대여 및 수리", "장애인 가족지원 사업"], [("재활치료 서비스 건수", "건"), ("취업 연계 인원", "명"),
      ("이용자 만족도", "점")], "서울특별시 장애인복지시설 설치 및 운영 조례", "장애인복지정책과"),
    ("직장맘지원센터", "직장맘", ["노동법률 상담 및 권리구제", "일·생활 균형 교육", "찾아가는 법률상담",
      "직장맘 심리상담", "기업 대상 모성보호 컨설팅"], [("상담 건수", "건"), ("권리구제 성공률", "%"),
      ("교육 참여 인원", "명")], "서울특별시 일·생활 균형 지원 조례", "여성정책담당관"),
    ("자원회수시설", "폐기물", ["생활폐기물 소각 처리", "소각열 회수 및 지역난방 공급", "배출가스 상시 감시",
      "주민지원 사업 운영", "방지시설 정기 정비"], [("소각 처리량", "톤"), ("열회수율", "%"), ("가동률", "%")],
      "서울특별시 자원회수시설 설치 및 운영 조례", "자원회수시설과"),
    ("청년센터", "청년", ["청년 진로·취업 상담", "청년 공간 운영 및 대관", "청년 커뮤니티 활동 지원",
      "청년수당 참여자 사후관리", "마음건강 상담 연계"], [("상담 인원", "명"), ("공간 이용률", "%"),
      ("커뮤니티 지원 건수", "건")], "서울특별시 청년 기본 조례", "청년정책담당관"),
    ("소비생활센터", "소비자", ["소비자 상담 및 피해구제", "소비자 교육 및 홍보", "물가 조사 및 정보제공",
      "불공정 약관 모니터링", "분쟁조정 지원"], [("상담 건수", "건"), ("피해구제율", "%"),
      ("교육 참여 인원", "명")], "서울특별시 소비자기본조례", "공정경제과"),
    ("창업지원센터", "창업", ["예비창업자 보육 및 입주 지원", "투자유치 설명회 개최", "창업 교육 및 멘토링",
      "시제품 제작 지원", "판로개척 및 해외진출 지원"], [("입주기업 매출액", "백만원"), ("투자유치 금액", "백만원"),
      ("신규 고용 인원", "명")], "서울특별시 창업 지원 조례", "창업정책과"),
    ("가족센터", "가족", ["가족상담 및 가족치료", "공동육아나눔터 운영", "다문화가족 한국어 교육",
      "아이돌봄 서비스 연계", "가족관계 개선 프로그램"], [("상담 건수", "건"), ("프로그램 참여 가구", "가구"),
      ("이용자 만족도", "점")], "서울특별시 가족센터 설치 및 운영 조례", "가족담당관"),
    ("노동자종합지원센터", "노동자", ["노동상담 및 권리구제", "취약노동자 실태조사", "노동인권 교육",
      "플랫폼 노동자 지원", "노동조건 개선 컨설팅"], [("노동상담 건수", "건"), ("권리구제 건수", "건"),
      ("교육 참여 인원", "명")], "서울특별시 노동자 권리 보호 및 증진을 위한 조례", "노동정책담당관"),
    ("환경교육센터", "시민", ["기후위기 대응 환경교육", "생태체험 프로그램", "환경교육 강사 양성",
      "탄소중립 실천 캠페인", "학교 연계 환경수업"], [("교육 참여 인원", "명"), ("강사 양성 인원", "명"),
      ("캠페인 참여 건수", "건")], "서울특별시 환경교육 진흥 조례", "기후환경정책과"),
    ("생활문화센터", "주민", ["생활문화 동아리 지원", "문화예술 교육 프로그램", "공연장 및 연습실 대관",
      "지역 축제 기획 운영", "문화소외계층 관람 지원"], [("동아리 활동 건수", "건"), ("대관 가동률", "%"),
      ("프로그램 참여 인원", "명")], "서울특별시 생활문화 진흥 조례", "문화정책과"),
    ("체육센터", "생활체육", ["생활체육 강습 프로그램", "수영장 및 체육관 운영", "장애인 체육교실",
      "어르신 건강체조 교실", "체육시설 안전점검"], [("회원 수", "명"), ("시설 가동률", "%"),
      ("이용자 만족도", "점")], "서울특별시 체육시설 관리 및 운영 조례", "체육정책과"),
    ("일자리플러스센터", "구직자", ["구직자 취업상담 및 알선", "기업 맞춤형 채용박람회", "직업훈련 연계",
      "중장년 재취업 지원", "취업 취약계층 사례관리"], [("취업 알선 건수", "건"), ("취업률", "%"),
      ("구인기업 발굴 수", "개")], "서울특별시 일자리 기본 조례", "일자리정책과"),
    ("사회적경제지원센터", "사회적경제", ["사회적기업 육성 및 컨설팅", "판로 지원 및 공공구매 연계",
      "사회적경제 교육", "협동조합 설립 지원", "사회투자기금 연계"], [("컨설팅 건수", "건"), ("공공구매 연계액", "백만원"),
      ("신규 설립 기업 수", "개")], "서울특별시 사회적경제 기본 조례", "사회적경제담당관"),
    ("도시농업센터", "도시농부", ["도시텃밭 조성 및 분양", "도시농업 전문가 양성", "치유농업 프로그램",
      "토종 씨앗 보급", "학교텃밭 지원"], [("텃밭 분양 구획 수", "구획"), ("교육 수료 인원", "명"),
      ("프로그램 참여 인원", "명")], "서울특별시 도시농업의 육성 및 지원에 관한 조례", "도시농업과"),
    ("치매안심센터", "치매 환자", ["치매 조기검진", "치매환자 쉼터 운영", "가족 교육 및 자조모임",
      "인지강화 프로그램", "실종 예방 인식표 보급"], [("조기검진 인원", "명"), ("쉼터 이용 인원", "명"),
      ("등록 관리율", "%")], "서울특별시 치매 관리 조례", "보건의료정책과"),
    ("자살예방센터", "고위험군", ["자살 고위험군 사례관리", "생명지킴이 양성 교육", "24시간 위기상담 전화",
      "유가족 지원 프로그램", "자살예방 인식개선 캠페인"], [("위기상담 건수", "건"), ("사례관리 인원", "명"),
      ("생명지킴이 양성 인원", "명")], "서울특별시 자살예방 및 생명존중문화 조성을 위한 조례", "정신건강과"),
    ("여성발전센터", "여성", ["경력단절여성 직업교육", "여성 창업 지원", "취업 연계 및 사후관리",
      "디지털 역량 교육", "여성 리더십 교육"], [("직업교육 수료 인원", "명"), ("취업 연계 인원", "명"),
      ("교육 만족도", "점")], "서울특별시 여성발전기본조례", "여성정책담당관"),
    ("다문화가족지원센터", "다문화가족", ["결혼이민자 한국어 교육", "통번역 서비스", "이중언어 환경 조성",
      "다문화 자녀 학습 지원", "정착 초기 사례관리"], [("통번역 지원 건수", "건"), ("한국어 교육 인원", "명"),
      ("사례관리 가구", "가구")], "서울특별시 다문화가족 지원 조례", "외국인다문화담당관"),
    ("물재생센터", "하수", ["하수 처리 및 방류수질 관리", "슬러지 처리", "악취 저감 시설 운영",
      "처리시설 정기 보수", "재이용수 공급"], [("하수 처리량", "천톤"), ("방류수질 BOD", "mg/L"),
      ("재이용률", "%")], "서울특별시 하수도 사용 조례", "물재생시설과"),
    ("푸드뱅크", "저소득층", ["기부식품 접수 및 배분", "기부처 발굴", "식품 안전관리",
      "결식 우려 아동 지원", "푸드마켓 운영"], [("기부식품 모집액", "백만원"), ("이용 가구 수", "가구"),
      ("기부처 수", "개")], "서울특별시 기부식품 제공사업 지원 조례", "복지정책과"),
    ("자원봉사센터", "자원봉사자", ["자원봉사자 모집 및 교육", "수요처 연계", "재난 대응 봉사단 운영",
      "봉사 실적 인증 관리", "기업 사회공헌 연계"], [("신규 봉사자 수", "명"), ("봉사 연계 건수", "건"),
      ("봉사 시간", "시간")], "서울특별시 자원봉사활동 지원 조례", "시민협력과"),
    ("평생학습관", "시민", ["평생교육 프로그램 운영", "학습동아리 지원", "문해교육", "시민 강사 양성",
      "온라인 강좌 운영"], [("수강 인원", "명"), ("학습동아리 수", "개"), ("수료율", "%")],
      "서울특별시 평생교육 진흥 조례", "평생교육과"),
    ("공공보건지원센터", "의료취약계층", ["의료취약계층 진료 연계", "방문건강관리", "공공의료 정책 연구",
      "감염병 대응 교육", "건강 격차 실태조사"], [("진료 연계 건수", "건"), ("방문건강관리 가구", "가구"),
      ("교육 참여 인원", "명")], "서울특별시 공공보건의료 조례", "공공의료과"),
    ("전자상거래지원센터", "온라인 소비자", ["전자상거래업체 모니터링 및 DB 정비", "인터넷쇼핑몰 평가",
      "소비자상담 및 피해구제", "사기사이트 적발", "피해다발업체 명단 공개"], [("모니터링 달성률", "%"),
      ("피해구제율", "%"), ("홈페이지 방문자수", "명")], "서울특별시 소비자기본조례", "공정경제과"),
    ("동물복지지원센터", "반려동물", ["유기동물 보호 및 입양", "반려동물 교육", "동물 학대 신고 대응",
      "길고양이 중성화 지원", "동물병원 연계 진료"], [("입양 건수", "건"), ("보호 두수", "두"),
      ("교육 참여 인원", "명")], "서울특별시 동물보호 조례", "동물보호과"),
    ("디지털재단교육센터", "디지털 약자", ["어르신 디지털 교육", "키오스크 체험", "디지털 튜터 양성",
      "온라인 행정서비스 안내", "찾아가는 디지털 교육"], [("교육 인원", "명"), ("튜터 양성 인원", "명"),
      ("만족도", "점")], "서울특별시 디지털 포용 조례", "디지털정책과"),
]

GU = REGIONS[:24]  # the regions that are districts (구)
ORG_HEAD = ["(사)", "(재)", "(사회복지법인)", "(사단법인)", "(재단법인)", "(학교법인)", "(비영리법인)"]
ORG_A = ["한국", "서울", "대한", "우리", "희망", "나눔", "푸른", "함께", "미래", "새날", "열린", "다솜", "한빛", "늘푸른",
         "참좋은", "행복", "누리", "바른", "한마음", "으뜸"]
ORG_B = ["청소년연맹", "소비자연맹", "사회복지회", "복지재단", "노동권익센터", "환경운동연합", "문화재단", "체육회",
         "평생교육진흥원", "가족상담협회", "자원순환협회", "창업진흥원", "산업관계연구원", "YMCA", "YWCA", "복지관협회",
         "보건의료협회", "나눔운동본부", "사회적경제네트워크", "도시농업네트워크", "생명의전화", "동물보호협회"]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ["준석", "용우", "민정", "서연", "지훈", "현우", "수진", "영호", "은지", "동현", "미경", "성민", "혜진", "재훈",
         "소영", "태호", "경아", "상철", "다은", "정훈"]
ROADS = ["덕수궁길", "세종대로", "을지로", "마포대로", "양화로", "도봉로", "동일로", "강남대로", "테헤란로", "올림픽로",
         "시흥대로", "남부순환로", "통일로", "왕산로", "천호대로", "노량진로", "영등포로", "신촌로", "한강대로", "망우로"]
COMMITTEES = ["기획경제위원회", "보건복지위원회", "환경수자원위원회", "문화체육관광위원회", "교육위원회",
              "도시안전건설위원회", "행정자치위원회"]

BACKGROUND = [
    "{svc}의 주요 업무는 {t1} 및 {t2_ro}, 해당 분야에서 상당기간 지식과 경험을 쌓아온 전문기관을 활용하여 신속한 對 시민 서비스를 제공하고자 {opened}년 개소 시부터 민간위탁 사무로 추진해 왔음.",
    "{group} 대상 서비스는 수요가 다양하고 변화가 빨라 직영으로 운영하는 방식보다 민간의 전문성과 자율성을 바탕으로 운영하는 것이 효율적이므로 재위탁하고자 함.",
    "현 수탁기관인 {org}의 위탁기간이 {end}년 12월 31일 만료됨에 따라 「서울특별시 행정사무의 민간위탁에 관한 조례」 제4조의3에 따라 의회의 동의를 받고자 함.",
    "{svc_n} {region} 지역 {group}의 {t1} 수요에 대응하기 위해 설치된 시설로, 최근 이용 수요가 {pct}% 증가하여 안정적인 운영체계가 필요함.",
    "민간위탁운영평가위원회 심의 결과 '적정' 의견을 받았으며, 위탁기간 만료 후에도 {t2} 등 사업의 연속성을 확보하고자 함.",
    "{dept_n} {svc}의 운영을 통하여 {group}의 삶의 질 향상과 {t3} 기능을 강화하고자 하며, 이를 위해 전문기관에 운영을 위탁하고자 함.",
]
OPINION = [
    "동 센터는 {t1}, {t2} 등을 수행하는 기관으로, {group} 관련 사업에 전문성을 보유한 단체의 활용이라는 측면에서 위탁의 필요성은 인정된다 하겠음.",
    "다만 최근 3년간 {ind} 실적이 목표치에 미달하고 있어 성과지표의 적정성과 사업 방식 전반에 대한 재검토가 필요할 것으로 보임.",
    "또한 {issue} 문제가 지속적으로 지적되고 있으므로, 집행부는 재위탁에 앞서 {fix} 방안을 마련할 필요가 있을 것으로 판단됨.",
    "{org_n} {opened}년 이래 {n}차례의 재계약을 거쳐 현재까지 시설을 운영 중인바, 장기 수탁에 따른 관성적 운영을 방지하기 위한 대책이 요구됨.",
    "종합성과평가 결과 {score}점으로 재계약 배제 기준(75점)을 상회하였으나, 사용자 만족도 분야 점수가 전년 대비 하락한 점은 개선이 필요함.",
    "{year}년 위탁금 중 {pct}%가 인건비로 편성되어 있어 사업비 비중이 낮은바, 사업 성과를 높이기 위한 예산 구조 조정이 검토되어야 할 것임.",
    "아울러 {issue}와 관련하여 서울시는 지도·점검을 강화하고 그 결과를 의회에 보고할 필요가 있음.",
    "{svc}의 {t3} 사업은 타 시·도 유사 시설에 비해 이용률이 높은 편이나, {region} 외 지역 주민의 접근성 제고 방안도 함께 강구할 필요가 있음.",
    "한편 수탁기관 선정 시 공개모집 방식을 원칙으로 하되, {fix} 등을 심사 항목에 반영하여 다양한 기관이 참여할 수 있도록 홍보를 강화하여야 할 것임.",
    "따라서 동 동의안은 위탁의 필요성과 수탁기관의 운영 역량을 고려할 때 원안대로 동의하는 것이 타당하다고 판단되나, {fix}에 대해서는 집행부의 보완이 요구됨.",
]
ISSUES = ["인력 이직률 증가", "시설 노후화", "성과지표 목표치 하향 설정", "위탁금 집행 잔액 과다", "회계 지적사항 반복",
          "이용자 편중", "야간 운영 인력 부족", "안전관리 미흡", "개인정보 관리 소홀", "홍보 부족으로 인한 인지도 저하",
          "프로그램 중복", "재위탁 시 응모기관 부족", "수탁기관 전입금 미이행", "고용승계 갈등", "정산 지연"]
FIXES = ["처우 개선 및 인력 확충", "시설 개보수 계획 수립", "도전적 성과목표 설정", "예산 편성 적정화",
         "회계 투명성 제고", "이용 대상 확대", "운영시간 조정", "안전점검 체계 강화", "개인정보 보호 교육 의무화",
         "온·오프라인 홍보 강화", "유사 사업 통폐합", "수탁기관 자격요건 완화", "고용승계 원칙 명문화",
         "정산 절차 간소화", "외부 회계감사 도입"]
ARTICLE_TITLES = [
    ("목적", "이 조례는 {svc_type}의 설치 및 운영에 관하여 필요한 사항을 규정함으로써 {group}의 권익 증진에 이바지함을 목적으로 한다."),
    ("정의", "이 조례에서 사용하는 용어의 뜻은 다음과 같다. 1. \"{svc_type}\"{type_ran} {t1} 등을 수행하기 위하여 시장이 설치한 시설을 말한다."),
    ("설치", "① 시장은 {group}에게 {t1} 등의 서비스를 제공하기 위하여 {svc_type_r} 설치·운영할 수 있다. ② 센터의 위치와 규모는 시장이 따로 정한다."),
    ("기능", "센터는 다음 각 호의 기능을 수행한다. 1. {t1} 2. {t2} 3. {t3} 4. 그 밖에 시장이 필요하다고 인정하는 사업"),
    ("운영의 위탁", "① 시장은 센터의 효율적인 운영을 위하여 관련 전문기관 또는 단체에 그 운영을 위탁할 수 있다. ② 제1항에 따른 위탁에 관하여는 「서울특별시 행정사무의 민간위탁에 관한 조례」를 준용한다."),
    ("운영위원회", "① 센터의 운영에 관한 사항을 심의하기 위하여 운영위원회를 둔다. ② 위원회는 위원장 1명을 포함한 {n}명 이내의 위원으로 구성한다."),
    ("예산의 지원", "시장은 센터의 운영에 필요한 경비를 예산의 범위에서 지원할 수 있다."),
    ("지도·감독", "① 시장은 수탁기관에 대하여 업무에 관한 보고를 하게 하거나 관계 서류를 검사할 수 있다. ② 시장은 점검 결과 위법 또는 부당한 사항이 있는 경우 시정을 명할 수 있다."),
    ("성과평가", "시장은 매년 센터의 운영 성과를 평가하고 그 결과를 다음 연도 예산 편성에 반영할 수 있다."),
    ("이용료", "① 센터의 이용료는 무료를 원칙으로 한다. 다만, 재료비 등 실비는 이용자에게 부담하게 할 수 있다."),
]


# Free prose: clauses composed from nouns with particles and 하-verbs with endings, so the
# text has the spread of distinct words (eojeol = noun+particle, stem+ending) real reports have.
NOUNS = [
    "위탁사무", "수탁기관", "운영주체", "집행부", "소관부서", "운영위원회", "평가위원회", "적격자심의위원회", "이용자", "지역주민",
    "종사자", "센터장", "사업계획", "성과지표", "목표치", "실적치", "달성도", "만족도", "예산", "결산", "인건비", "운영비",
    "사업비", "자부담", "전입금", "보조금", "위탁금", "집행잔액", "정산", "회계감사", "지도점검", "시정조치", "지적사항",
    "운영규정", "관리지침", "협약서", "계약기간", "위탁기간", "재계약", "재위탁", "공개모집", "선정심사", "고용승계",
    "처우개선", "인력운영", "전문성", "공공성", "책임성", "투명성", "효율성", "접근성", "형평성", "지속가능성", "연계체계",
    "협력체계", "거버넌스", "네트워크", "사각지대", "취약계층", "수요조사", "실태조사", "만족도조사", "중장기계획",
    "로드맵", "기본계획", "시행계획", "세부사업", "시범사업", "신규사업", "계속사업", "프로그램", "교육과정", "상담실적",
    "이용실적", "가동률", "이용률", "참여율", "재이용률", "이직률", "충원율", "시설물", "안전점검", "노후시설", "개보수",
    "장비", "공간", "대관", "홍보", "인지도", "언론보도", "누리집", "민원", "건의사항", "개선방안", "대안", "대책", "근거",
    "법령", "조례", "시행규칙", "지침", "기준", "절차", "요건", "자격", "심의", "의결", "보고", "동의", "승인", "협의",
    "조정", "변경", "폐지", "신설", "통합", "이관", "분리", "확충", "축소", "증액", "감액", "편성", "배분", "우선순위",
    "성과관리", "환류체계", "모니터링", "데이터", "통계", "분석", "연구용역", "자문", "전문가", "유관기관", "자치구",
    "중앙정부", "타 시·도", "민간단체", "비영리법인", "사회적기업", "자원봉사자", "후원금", "기부", "지역사회", "생활권",
]
VERBS = [
    "추진", "검토", "마련", "강화", "개선", "확대", "지원", "운영", "점검", "평가", "수립", "반영", "이행", "관리", "도입",
    "보완", "조정", "편성", "집행", "확보", "제고", "정비", "구축", "발굴", "연계", "공유", "분석", "측정", "공개", "제출",
    "요구", "권고", "협의", "조율", "검증", "보고", "설명", "유도", "촉진", "방지", "해소", "완화", "축소", "재편", "통합",
]
ENDINGS_MID = ["하고", "하며", "하여", "하기 위하여", "하는 한편", "하였으나", "하였고", "하는 등", "함으로써", "하도록"]
ENDINGS_END = ["할 필요가 있음.", "하여야 할 것임.", "하는 것이 바람직함.", "하고자 함.", "하였음.", "할 것으로 판단됨.",
               "하고 있음.", "하도록 권고함.", "할 수 있을 것임.", "하는 방안을 검토할 필요가 있음."]
ADVERBS = ["적극적으로", "지속적으로", "체계적으로", "단계적으로", "조속히", "면밀히", "충분히", "실질적으로", "우선적으로",
           "객관적으로", "선제적으로", "투명하게", "합리적으로", "종합적으로", "구체적으로"]
OPENERS = ["다만", "또한", "아울러", "한편", "특히", "따라서", "그러나", "이와 관련하여", "이에", "결과적으로", "나아가",
           "무엇보다", "그럼에도 불구하고", "이러한 점에서"]


@dataclass
class Service:
    name: str  # 서울시 마포청소년수련관
    short: str  # 마포청소년수련관
    region: str
    type_idx: int
    org: str
    dept: str
    opened: int
    area: int
    address: str
    budgets: dict[int, int] = field(default_factory=dict)  # year → 천원
    staff: dict[int, int] = field(default_factory=dict)
    scores: dict[int, float] = field(default_factory=dict)  # evaluation year → 점
    split: tuple[float, float] = (0.6, 0.25)  # 인건비, 운영비 shares (rest: 사업비)

    @property
    def t(self):
        return TYPES[self.type_idx]


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        pairs = [(r, i) for r in REGIONS for i in range(len(TYPES))]
        self.rng.shuffle(pairs)
        self._pairs = pairs
        self.services: list[Service] = []
        self.facts: dict[tuple, dict] = {}  # emitted facts → question material
        self.bill = 1800 + self.rng.randrange(200)

    # -- the world ---------------------------------------------------------------------
    def new_service(self) -> Service:
        rng = self.rng
        region, ti = self._pairs[len(self.services)]  # each (region, type) once: names are unique
        t = TYPES[ti]
        short = f"{region}{t[0]}"
        org = rng.choice(ORG_HEAD) + rng.choice(ORG_A) + rng.choice(ORG_B)
        base = rng.randrange(180_000, 2_400_000)
        growth = rng.uniform(-0.01, 0.05)
        budgets = {}
        for y in range(2016, 2027):
            base = int(base * (1 + growth + rng.uniform(-0.02, 0.03)))
            budgets[y] = base
        staff0 = rng.randrange(4, 40)
        staff = {y: max(3, staff0 + rng.choice([-1, 0, 0, 0, 1, 2])) for y in range(2016, 2027)}
        scores = {y: round(rng.uniform(68.0, 96.0), 1) for y in range(1990, 2027)}
        s = Service(
            name=f"서울시 {short}", short=short, region=region, type_idx=ti, org=org, dept=t[5],
            opened=rng.randrange(1995, 2019), area=rng.randrange(40, 9000),
            address=f"서울시 {region if region in GU else rng.choice(GU)}구 {rng.choice(ROADS)} {rng.randrange(1, 400)}",
            budgets=budgets, staff=staff, scores=scores,
            split=(rng.uniform(0.45, 0.7), rng.uniform(0.1, 0.3)),
        )
        self.services.append(s)
        return s

    def pick_services(self, n: int, reuse: float = 0.3) -> list[Service]:
        """Mostly new services, some seen before (documents about the same service agree)."""
        out: list[Service] = []
        while len(out) < n:
            if self.services and (self.rng.random() < reuse or len(self.services) >= len(self._pairs)):
                s = self.rng.choice(self.services)
            else:
                s = self.new_service()
            if s not in out:
                out.append(s)
        return out

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def slots(self, s: Service, year: int) -> dict:
        rng = self.rng
        t = s.t
        tasks = rng.sample(t[2], 3)
        return {
            "svc": s.name, "svc_n": josa(s.name, "은", "는"), "org_n": josa(s.org, "은", "는"),
            "dept_n": josa(t[5], "은", "는"), "svc_type": t[0], "svc_type_r": josa(t[0], "을", "를"),
            "type_ran": josa(t[0], "이란", "란")[len(t[0]):], "group": t[1], "t1": tasks[0], "t2": tasks[1], "t3": tasks[2],
            "t2_ro": josa(tasks[1], "으로", "로"),
            "org": s.org, "opened": s.opened, "end": year, "region": s.region, "pct": rng.randrange(5, 70),
            "dept": s.dept, "ind": rng.choice(t[3])[0], "issue": rng.choice(ISSUES), "fix": rng.choice(FIXES),
            "n": rng.randrange(2, 12), "score": s.scores[min(year, 2025)], "year": year,
        }

    def fact(self, kind: str, s: Service, year: int | None, answer: str) -> None:
        self.facts.setdefault((kind, s.short, year), {"type": kind, "service": s.short, "year": year, "answer": answer})

    # -- building blocks (items: ("h", text) heading line, ("p", text) paragraph, ("t", rows), ("b",) blank)
    def para(self, templates: list[str], s: Service, year: int, k: int, marker: str = " ◦ ") -> list[tuple]:
        out = []
        for tpl in self.rng.sample(templates, k):
            text = tpl.format(**self.slots(s, year))
            if self.rng.random() < 0.7:
                text += " " + " ".join(self.sentence(s) for _ in range(self.rng.randrange(1, 3)))
            out.append(("p", marker + text))
        return out

    def sentence(self, s: Service) -> str:
        """One composed sentence: opener, 2–3 clauses of noun+particle and 하-verb+ending."""
        rng = self.rng

        def np_(p1: str, p2: str) -> str:
            noun = rng.choice(NOUNS + s.t[2] + [s.name, s.t[1], s.dept])
            if rng.random() < 0.35:  # compounds are written as one word (성과관리체계, 위탁사무평가)
                noun = rng.choice(NOUNS).replace(" ", "") + rng.choice(NOUNS).replace(" ", "")
            if rng.random() < 0.4:
                noun = f"{rng.choice(NOUNS)}의 {noun}"
            return josa(noun, p1, p2)

        parts = [rng.choice(OPENERS)] if rng.random() < 0.6 else []
        parts.append(np_("은", "는"))
        for i in range(rng.randrange(2, 4)):
            if rng.random() < 0.5:
                parts.append(np_("에 대한", "에 대한") if rng.random() < 0.3 else np_("과", "와"))
            if rng.random() < 0.3:
                parts.append(rng.choice(ADVERBS))
            parts.append(np_("을", "를"))
            verb = rng.choice(VERBS)
            last = i == 2 or rng.random() < 0.3
            parts.append(verb + (rng.choice(ENDINGS_END) if last else rng.choice(ENDINGS_MID) + ","))
            if last:
                break
        text = " ".join(parts)
        return text[:-1] + " 할 필요가 있음." if text.endswith(",") else text

    def budget_table(self, s: Service, year: int, caption: str | None = None, breakdown: bool | None = None) -> list[tuple]:
        years = [year - 2, year - 1, year]
        rows = [f"연  도 {' '.join(f'{y}년' for y in years)}", f"합  계 {' '.join(f'{s.budgets[y]:,}천원' for y in years)}"]
        if breakdown if breakdown is not None else self.rng.random() < 0.6:
            a, b = s.split
            ppl = [int(s.budgets[y] * a) for y in years]
            ops = [int(s.budgets[y] * b) for y in years]
            prj = [s.budgets[y] - p - o for y, p, o in zip(years, ppl, ops)]
            rows += [f"인 건 비 {' '.join(f'{v:,}천원' for v in ppl)}", f"운 영 비 {' '.join(f'{v:,}천원' for v in ops)}",
                     f"사 업 비 {' '.join(f'{v:,}천원' for v in prj)}"]
        for y in years:
            self.fact("budget", s, y, f"{s.budgets[y]:,}천원")
        cap = caption or self.rng.choice(["위탁기간 연도별 예산현황(민간위탁금)", "연도별 민간위탁금 현황", "최근 3년간 예산 현황"])
        return [("h", f"< {s.name} {cap} >" if self.rng.random() < 0.5 else f"∎ {cap}"), ("t", rows)]

    def staff_table(self, s: Service, year: int) -> list[tuple]:
        years = [year - 2, year - 1, year]
        for y in years:
            self.fact("staff", s, y, f"{s.staff[y]}명")
        return [("h", "  ․ 인력 운영"), ("t", [f"연     도 {' '.join(f'{y}년' for y in years)}",
                                             f"근무 인원 {' '.join(f'{s.staff[y]}명' for y in years)}"])]

    def indicator_table(self, s: Service, year: int) -> list[tuple]:
        rng = self.rng
        years = [year - 2, year - 1, year]
        rows = [f"성과지표 단위 구분 {' '.join(f'{y}년' for y in years)}"]
        for name, unit in rng.sample(s.t[3], rng.randrange(2, 4)):
            scale = {"%": 100, "점": 100}.get(unit, rng.choice([300, 2_000, 15_000, 80_000]))
            target = [round(rng.uniform(0.5, 0.95) * scale, 1) for _ in years]
            actual = [round(v * rng.uniform(0.7, 1.3), 1) for v in target]
            rows += [f"{name} {unit} 목표치 {' '.join(f'{v:,}' for v in target)}",
                     f"실적치 {' '.join(f'{v:,}' for v in actual)}",
                     f"달성도 {' '.join(f'{a / t * 100:.2f}' for a, t in zip(actual, target))}"]
        return [("h", f"< 연도별 성과지표 대비 실적 >"), ("t", rows)]

    def history_table(self, s: Service, year: int) -> list[tuple]:
        rng = self.rng
        rows = ["수탁기간 계약기간 수탁자 선정 방법 종합성과평가 점수 평가주관"]
        y = max(s.opened, year - 18)
        first = True
        while y < year - 2:
            length = rng.choice([1, 2, 3, 3])
            how = "공개모집" if first else rng.choice(["재계약", "재계약", "재위탁(공모)"])
            rows.append(f"’{y % 100:02d}. 1월~’{(y + length - 1) % 100:02d}.12월 {length}년 {s.org if first else '〃'} "
                        f"{how} {s.scores[min(y + length - 1, 2025)]}점 {s.dept if rng.random() < 0.5 else '〃'}")
            y += length
            first = False
        return [("h", f"< {s.name} 운영 위탁 연혁 >"), ("t", rows)]

    def overview(self, s: Service, year: int) -> list[tuple]:
        self.fact("org", s, None, s.org)
        items = [("h", f"< {s.name} 운영 개요 >"),
                 ("p", f"∎수탁기관: {s.org}(대표: {self.person()})"),
                 ("p", f"∎위탁기간: {year - 2}.1.1. ~ {year}.12.31.(3년)"),
                 ("p", f"∎주요사업: {', '.join(self.rng.sample(s.t[2], 4))} 등"),
                 ("p", f"∎ 위탁사무 운영현황"),
                 ("p", f"  ․ 위    치: {s.address}"),
                 ("p", f"  ․ 규    모: {s.area:,}㎡")]
        return items + self.staff_table(s, year)

    def articles(self, s: Service, year: int, n: int) -> list[tuple]:
        t = s.t
        out = [("p", f"   ◦ {t[4]}")]
        start = self.rng.randrange(1, 15)
        for i, (title, body) in enumerate(self.rng.sample(ARTICLE_TITLES, n)):
            out.append(("p", f"제{start + i}조({title}) " + body.format(**self.slots(s, year))))
        return out

    # -- document kinds ------------------------------------------------------------------
    def review_report(self, target_chars: int) -> tuple[str, list[tuple]]:
        """민간위탁 동의안 검토보고서 on one service."""
        rng = self.rng
        s = self.pick_services(1)[0]
        year = rng.randrange(2019, 2026)
        self.bill += rng.randrange(1, 9)
        title = f"서울특별시 {s.short} 운영 민간위탁 동의안"
        items: list[tuple] = [("h", title), ("h", "검 토 보 고"), ("h", "Ⅰ. 회부경위"),
                              ("h", f"1. 의안번호 : 제{self.bill}호"), ("h", "2. 제 출 자 : 서울특별시장"),
                              ("h", f"3. 제출일자 : {year}년 {rng.randrange(1, 12):02d}월 {rng.randrange(1, 28):02d}일"),
                              ("h", f"4. 회부 위원회 : {rng.choice(COMMITTEES)}"), ("h", "Ⅱ. 제안이유")]
        for i, (_, text) in enumerate(self.para(BACKGROUND, s, year, 3, "")):
            items.append(("p", f" {GANADA[i]}. {text}"))
        items += [("h", "Ⅲ. 주요내용"), ("h", f" 가. 위탁사무명 : {s.name} 운영(사무형)")]
        items += [("p", f"◇ {s.name} 현황"), ("p", f"- 개 소 : {s.opened}. / 위 치 : {s.address}"),
                  ("p", f"- 수탁기관 : {s.org}"), ("p", f"- 주요사업 : {', '.join(s.t[2][:3])} 등")]
        items += [("h", " 나. 위탁사무내용")] + [("p", f"   ◦ {task}") for task in s.t[2]]
        items += [("h", f" 다. 민간위탁기간 : 3년({year + 1}.1.1.~{year + 3}.12.31.)"),
                  ("h", f" 라. 소요예산 : {s.budgets[min(year + 1, 2026)] // 1000:,}백만원(’{(year + 1) % 100}년 예산(안))")]
        items += [("h", "Ⅳ. 참고사항"), ("h", "  가. 관계법령")] + self.articles(s, year, rng.randrange(3, 6))
        items += [("h", f"Ⅴ. 검토의견(수석전문위원 {self.person()})"), ("h", "1. 동의안의 개요")]
        items += self.para(OPINION[:1] + BACKGROUND[2:3], s, year, 1)
        items += [("h", f"2. {s.short} 운영 현황 및 성과")] + self.para(BACKGROUND, s, year, 1)
        items += self.overview(s, year) + self.budget_table(s, year, breakdown=True)
        extras = [self.indicator_table, self.history_table]
        rng.shuffle(extras)
        items += extras[0](s, year)
        items += [("h", "3. 민간위탁의 적절성 여부")] + self.para(OPINION, s, year, 4)
        extra_i = 1
        while _size(items) < target_chars:
            if extra_i < len(extras):
                items += extras[extra_i](s, year)
                extra_i += 1
            else:
                items += self.para(OPINION, s, year, 2)
        items += [("h", "입법조사관 연락처"), ("p", f"{self.person()} 02-2180-{rng.randrange(8000, 8999)}")]
        return "검토보고서", items

    def evaluation_result(self, target_chars: int) -> tuple[str, list[tuple]]:
        """종합성과평가 결과: many services, a score and a budget table each."""
        rng = self.rng
        year = rng.randrange(2018, 2026)
        rnd = rng.randrange(1, 4)
        items: list[tuple] = [("h", f"{year}년 제{rnd}차 민간위탁 종합성과평가 결과 공개"),
                              ("p", "민간위탁 사무의 재계약 적정성 등 판단을 위해 위탁기간 만료 도래 사무에 대하여 종합성과평가를 실시하고 그 결과를 공개함"),
                              ("h", "□ 평가개요"),
                              ("p", "- 추진근거 : 「서울특별시 행정사무의 민간위탁에 관한 조례」 제18조"),
                              ("p", f"- 평가기간 : '{year % 100}년 {rng.randrange(3, 7)}월 ~ {rng.randrange(8, 11)}월"),
                              ("p", f"- 평가기관 : 외부 전문기관({rng.choice(ORG_HEAD)}{rng.choice(ORG_A)}{rng.choice(ORG_B)})"),
                              ("p", "- 평가내용 : 공통분야, 개별분야, 사용자 만족도 평가(총100점)"),
                              ("h", "□ 사무별 주요성과 및 과제")]
        i = 0
        scores = []
        while _size(items) < target_chars:
            s = self.pick_services(1, reuse=0.4)[0]
            sc = s.scores[year]
            scores.append(sc)
            self.fact("score", s, year, f"{sc}점")
            self.fact("org", s, None, s.org)
            items += [("h", f"{CIRCLED[i % 10]} {s.name} 관리 및 운영"),
                      ("p", f" ◦ 수탁기관 : {s.org} / 소관부서 : {s.dept}"),
                      ("p", f" ◦ 평가점수 : {sc}점 ({'재계약 가능' if sc >= 75 else '재계약 배제 대상'})"),
                      ("p", " ◦ 주요 성과 : " + " ".join(t.format(**self.slots(s, year)) for t in rng.sample(OPINION[:1] + BACKGROUND[:2], 2))),
                      ("p", " ◦ 개선 과제 : " + rng.choice(OPINION[1:3]).format(**self.slots(s, year))
                       + " " + " ".join(self.sentence(s) for _ in range(rng.randrange(1, 4))))]
            items += self.budget_table(s, year, breakdown=rng.random() < 0.3)
            if rng.random() < 0.35:
                items += self.indicator_table(s, year)
            i += 1
        items[3:3] = [("p", f"- 평가점수 : {len(scores)}개 민간위탁사무 평가 결과 평균 {sum(scores) / max(len(scores), 1):.2f}점")]
        return "성과평가", items

    def budget_review(self, target_chars: int) -> tuple[str, list[tuple]]:
        """예산안 예비심사 검토보고서: one department, several services' budgets."""
        rng = self.rng
        year = rng.randrange(2019, 2026)
        committee = rng.choice(COMMITTEES)
        items: list[tuple] = [("h", f"{year + 1}년도 {committee} 소관 예산안 예비심사 검토보고"),
                              ("h", "Ⅰ. 예산안 개요"),
                              ("p", f" ◦ {year + 1}년도 {committee} 소관 세출예산안은 전년 대비 {rng.uniform(-5, 12):.1f}% 증감한 규모로 편성되었으며, 민간위탁 사업비가 주요 증감 요인임."),
                              ("h", "Ⅱ. 사업별 검토의견")]
        i = 0
        while _size(items) < target_chars:
            s = self.pick_services(1)[0]
            cur, nxt = s.budgets[year], s.budgets[year + 1]
            self.fact("budget", s, year + 1, f"{nxt:,}천원")
            items += [("h", f"{i + 1}. {s.short} 운영 (소관: {s.dept})"),
                      ("p", f" ◦ 동 사업은 {s.name}의 {', '.join(rng.sample(s.t[2], 2))} 등을 위한 민간위탁금으로, "
                            f"{year + 1}년 예산안은 {nxt:,}천원으로 전년 대비 {nxt - cur:+,}천원({(nxt - cur) / cur * 100:+.1f}%) 편성됨.")]
            items += self.budget_table(s, year, caption=f"{s.short} 연도별 예산 현황")
            items += self.para(OPINION[1:], s, year, rng.randrange(1, 3))
            i += 1
        return "검토보고서", items

    def ordinance_review(self, target_chars: int) -> tuple[str, list[tuple]]:
        """조례안 검토보고서: articles of a facility ordinance, with one service's status."""
        rng = self.rng
        s = self.pick_services(1)[0]
        t = s.t
        year = rng.randrange(2019, 2026)
        self.bill += rng.randrange(1, 9)
        items: list[tuple] = [("h", f"{t[4]} 일부개정조례안"), ("h", "검 토 보 고"), ("h", "Ⅰ. 회부경위"),
                              ("h", f"1. 의안번호 : 제{self.bill}호"),
                              ("h", f"2. 제 출 자 : {self.person()} 의원 등 {rng.randrange(10, 40)}명"),
                              ("h", "Ⅱ. 제안이유")]
        items += self.para(BACKGROUND, s, year, 2)
        items += [("h", "Ⅲ. 주요내용")]
        for i, task in enumerate(rng.sample(t[2], 3)):
            items.append(("p", f" {GANADA[i]}. {task}에 관한 시장의 책무를 신설함(안 제{rng.randrange(3, 12)}조)."))
        items += [("h", "Ⅳ. 검토의견")] + self.para(OPINION, s, year, 2)
        items += [("h", "1. 신·구조문대비표")] + self.articles(s, year, rng.randrange(4, 8))
        # a roman heading: after quoted articles a "2." would read as the article's own item
        items += [("h", f"Ⅴ. 관련 시설 현황: {s.name}")] + self.overview(s, year) + self.budget_table(s, year)
        while _size(items) < target_chars:
            items += self.para(OPINION, s, year, 2) if rng.random() < 0.6 else self.articles(s, year, 3)
        return "검토보고서", items

    def document(self, pages: int) -> tuple[str, list[tuple]]:
        target = int(pages * 1750 * 0.95)
        if pages <= 9:
            make = self.rng.choice([self.review_report, self.review_report, self.ordinance_review, self.evaluation_result])
        else:
            make = self.rng.choice([self.evaluation_result, self.budget_review, self.review_report])
        return make(target)


def josa(word: str, with_final: str, without: str) -> str:
    """The particle that fits the word's last syllable (받침): 은/는, 이/가, 을/를."""
    last = word.rstrip(")）")[-1:]
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        if with_final == "으로" and final == 8:  # ㄹ takes 로 (서울로, 관리로 — but 시설로)
            return word + without
        return word + (with_final if final else without)
    return word + with_final + "(" + without + ")"


def _size(items: list[tuple]) -> int:
    return sum(len(it[1]) if it[0] != "t" else sum(len(r) for r in it[1]) for it in items if len(it) > 1)


def wrap(text: str, rng: random.Random) -> list[str]:
    """Wrap like a PDF text dump: ~30–45 characters a line, mostly at spaces."""
    width = rng.randrange(32, 46)
    lines, cur = [], ""
    for word in text.split(" "):
        if cur and len(cur) + 1 + len(word) > width:
            if rng.random() < 0.12 and len(word) > 3:  # a word broken across lines
                cut = rng.randrange(1, len(word) - 1)
                lines.append(f"{cur} {word[:cut]}")
                cur = word[cut:]
                continue
            lines.append(cur + (" " if rng.random() < 0.5 else ""))
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    if cur:
        lines.append(cur)
    return lines


def render(items: list[tuple], rng: random.Random, pages_wanted: int) -> tuple[str, int]:
    """Items → text with page-number lines; returns (text, pages)."""
    lines: list[str] = []
    blank_between = rng.random() < 0.6
    for it in items:
        kind = it[0]
        if kind == "h":
            lines += [it[1], ""]
        elif kind == "p":
            wrapped = wrap(it[1], rng)
            for w in wrapped:
                lines.append(w)
                if blank_between:
                    lines.append("")
            if not blank_between:
                lines.append("")
        elif kind == "t":
            lines += list(it[1]) + [""]
    total = sum(len(x) + 1 for x in lines)
    per_page = max(total // pages_wanted, 1)
    out, page, used = [], 1, 0
    for line in lines:
        out.append(line)
        used += len(line) + 1
        if used >= per_page and page < pages_wanted and not line.strip():
            out += ["", f"- {page} -", ""]
            page += 1
            used = 0
    out += ["", f"- {page} -", ""]
    return "\n".join(out), page


QUESTION_TEMPLATES = {
    "budget": ["{year}년 {svc} 민간위탁금은 얼마인가요?", "{svc}의 {year}년 예산은 얼마야?",
               "{year}년도 {svc} 운영 위탁금 합계를 알려주세요", "{svc} {year}년 민간위탁금 규모는?"],
    "staff": ["{year}년 {svc} 근무 인원은 몇 명인가요?", "{svc}의 {year}년 인력은 몇 명이었나요?"],
    "org": ["{svc}의 수탁기관은 어디인가요?", "{svc_n} 어느 법인이 운영하나요?"],
    "score": ["{year}년 종합성과평가에서 {svc_n} 몇 점을 받았나요?", "{svc}의 {year}년 종합성과평가 점수는?"],
}


def questions(gen: Generator, n: int) -> list[dict]:
    rng = random.Random(1234)
    by_type: dict[str, list[dict]] = {}
    for f in gen.facts.values():
        by_type.setdefault(f["type"], []).append(f)
    # facts that differ between documents (a service's org is fixed, so it is safe; budgets are fixed per
    # service and year) — every emitted fact is consistent by construction
    mix = {"budget": 0.55, "score": 0.2, "org": 0.15, "staff": 0.1}
    out = []
    for kind, share in mix.items():
        pool = by_type.get(kind, [])
        for f in rng.sample(pool, min(len(pool), max(1, round(n * share)))):
            tpl = rng.choice(QUESTION_TEMPLATES[kind])
            svc = f["service"] if rng.random() < 0.5 else f"서울시 {f['service']}"
            q = tpl.format(svc=svc, year=f["year"], svc_n=josa(svc, "은", "는"))
            out.append({"q": q, **f})
    rng.shuffle(out)
    return out


def generate(pages: int, out: Path, seed: int = 7, n_questions: int = 300) -> dict:
    rng = random.Random(seed)
    gen = Generator(seed)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("gen_*.txt"):
        old.unlink()
    meta: dict[str, dict] = {}
    done, i = 0, 0
    while done < pages:
        want = min(rng.randrange(5, 31), pages - done)
        if 0 < pages - done - want < 5:  # do not leave a tail shorter than 5 pages
            want = pages - done
        kind, items = gen.document(max(want, 1))
        text, got = render(items, rng, max(want, 1))
        i += 1
        name = f"gen_{i:04d}.txt"
        (out / name).write_text(text, encoding="utf-8")
        meta[name] = {"pages": got, "chars": len(text), "kind": kind}
        done += got
    qs = questions(gen, n_questions)
    with open(out / "questions.jsonl", "w", encoding="utf-8") as fh:
        for q in qs:
            fh.write(json.dumps(q, ensure_ascii=False) + "\n")
    summary = {
        "pages": done, "files": len(meta), "chars": sum(m["chars"] for m in meta.values()),
        "services": len(gen.services), "questions": len(qs), "seed": seed,
    }
    (out / "pages.json").write_text(json.dumps({"summary": summary, "files": meta}, ensure_ascii=False, indent=1))
    return summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--questions", type=int, default=300)
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args()
    out = a.out or ROOT / "benchmarks" / "out" / f"corpus-{a.pages}"
    print(json.dumps(generate(a.pages, out, a.seed, a.questions), ensure_ascii=False))


if __name__ == "__main__":
    main()

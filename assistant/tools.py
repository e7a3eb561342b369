"""The rule engine and facts as LangChain tools, for an LLM backend to call later.

    from assistant.tools import build_tools
    tools = build_tools(rules, facts)      # list[StructuredTool]; bind them to a chat model

Each tool is a thin wrapper over the same pure function the deterministic tool router uses
(assistant.rules / assistant.facts), with a pydantic argument schema and a Korean
description that names its legal basis. Nothing here imports or needs an LLM; the
no-LLM path (assistant.toolrouter) does not import this module at all.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from langchain_core.tools import StructuredTool
from pydantic import BaseModel, Field, create_model

from .facts import Facts
from .rules import calc
from .rules.engine import council_consent_required, recontract_eligibility
from .rules.model import Rules, default_rules


def _date(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


def _recontract_schema(rules: Rules) -> type[BaseModel]:
    """The verdict's arguments, one per criterion of the rules file (labels are the criteria's own)."""
    rv = rules.get("recontract_exclusion") or next(iter(rules.versions_of("recontract_exclusion")), None)
    fields: dict[str, Any] = {}
    for c in (rv.criteria if rv else ()):
        if c.kind == "flag":
            fields[c.input] = (bool | None, Field(None, description=f"{c.id} {c.label}: 해당하면 true"))
        elif c.kind == "count":
            fields[c.input] = (int | None, Field(None, ge=0, description=f"{c.id} {c.label} ({c.unit})"))
        else:
            fields[c.input] = (float | None, Field(None, ge=0, le=100, description=f"{c.id} {c.label} ({c.unit})"))
    fields["as_of"] = (str | None, Field(None, description="판단 기준일 YYYY-MM-DD (없으면 오늘)"))
    return create_model("RecontractArgs", **fields)


def _consent_schema(rules: Rules) -> type[BaseModel]:
    rv = rules.get("council_consent") or next(iter(rules.versions_of("council_consent")), None)
    labels = rv.extra.get("actions", {}) if rv else {}
    return create_model(
        "ConsentArgs",
        action=(Literal["new", "change", "reentrust", "recontract"],
                Field(description=", ".join(f"{k}={v}" for k, v in labels.items()))),
        important_change=(bool, Field(False, description=f"재계약과 함께 {labels.get('change', '중요내용 변경')}이 있는가")),
        as_of=(str | None, Field(None, description="판단 기준일 YYYY-MM-DD (없으면 오늘)")),
    )


def _describe_rule(rules: Rules, rule_id: str, what: str) -> str:
    """A tool description from the rules file: the rule's title, basis and criteria/clauses."""
    rv = rules.get(rule_id) or next(iter(rules.versions_of(rule_id)), None)
    if rv is None:
        return what
    items = [f"{c.id} {c.describe()}" for c in rv.criteria]
    committee = rv.extra.get("committee")
    if committee:
        items.append(f"{'·'.join(committee.get('reviews', []))}는 {committee.get('name', '')} 심의")
    items += [f"{c.id} {c.effect}" for c in rv.clauses]
    return f"{what} {rv.basis} — {rv.title}: " + "; ".join(items) + ". 기준값은 규칙 파일에서 읽는다."


class AchievementArgs(BaseModel):
    actual: float = Field(description="실적치")
    target: float = Field(description="목표치 (0이 아님)")


class ChangeArgs(BaseModel):
    before: float = Field(description="이전 값(기준 연도)")
    after: float = Field(description="나중 값(비교 연도)")
    unit: str = Field("", description="값의 단위(천원, 건, 명 …)")


class ShareArgs(BaseModel):
    part: float = Field(description="부분 값")
    total: float = Field(description="전체 값 (0이 아님)")


class SumArgs(BaseModel):
    values: dict[str, float] = Field(description="연도 → 값, 예: {\"2022\": 519778, \"2023\": 523783}")
    unit: str = Field("", description="값의 단위")


class EvalScoreArgs(BaseModel):
    service: str | None = Field(None, description="위탁사무 이름(일부만 써도 됨, 예: 전자상거래센터)")


class LookupArgs(BaseModel):
    metric: str = Field(description="찾을 항목(예: 민간위탁금, 상담 총계, 모니터링 달성도)")
    year: int | None = Field(None, description="연도(예: 2023)")
    service: str | None = Field(None, description="위탁사무 이름(일부만 써도 됨)")


def _fact_dict(f) -> dict[str, Any] | None:
    if f is None:
        return None
    return {"metric": f.metric, "value": f.value, "unit": f.unit, "year": f.year, "period": f.period,
            "as_written": f.display(), "doc": f.doc, "chunk_id": f.chunk_id, "quote": f.quote, "service": f.service}


def build_tools(rules: Rules | None = None, facts: Facts | None = None) -> list[StructuredTool]:
    """LangChain tools over the rules (and, when given, the facts tables)."""
    rules = rules or default_rules()
    d = rules.decimals

    def recontract(**kw: Any) -> dict[str, Any]:
        as_of = _date(kw.pop("as_of", None))
        return recontract_eligibility(**kw, as_of=as_of, rules=rules)

    def consent(action: str, important_change: bool = False, as_of: str | None = None) -> dict[str, Any]:
        return council_consent_required(action, important_change, _date(as_of), rules)  # type: ignore[arg-type]

    def change_growth(before: float, after: float, unit: str = "") -> dict[str, Any]:
        out = {"change": calc.change(before, after, unit, d)}
        if before != 0:
            out["growth_rate"] = calc.growth_rate(before, after, d)
        return out

    tools = [
        StructuredTool.from_function(
            recontract, name="recontract_eligibility", args_schema=_recontract_schema(rules),
            description=_describe_rule(rules, "recontract_exclusion", "민간위탁 수탁기관의 재계약 가능 여부를 판정한다.")),
        StructuredTool.from_function(
            consent, name="council_consent_required", args_schema=_consent_schema(rules),
            description=_describe_rule(rules, "council_consent", "민간위탁 행위에 의회 동의가 필요한지 판정한다.")),
        StructuredTool.from_function(
            lambda actual, target: calc.achievement_rate(actual, target, d), name="achievement_rate",
            args_schema=AchievementArgs, description="성과지표 달성도 = 실적치 ÷ 목표치 × 100 (소수 둘째 자리 반올림)."),
        StructuredTool.from_function(
            change_growth, name="change_and_growth_rate", args_schema=ChangeArgs,
            description="두 값의 증감(나중 − 이전)과 증감률((나중 − 이전) ÷ 이전 × 100)."),
        StructuredTool.from_function(
            lambda part, total: calc.share(part, total, d), name="share", args_schema=ShareArgs,
            description="비중 = 부분 ÷ 전체 × 100."),
        StructuredTool.from_function(
            lambda values, unit="": calc.sum_over_years(values, unit, d), name="sum_over_years", args_schema=SumArgs,
            description="연도별 값의 합계."),
    ]
    if facts is not None:
        def latest_eval(service: str | None = None) -> dict[str, Any] | None:
            s = facts.match_service(service) if service else None
            return _fact_dict(facts.latest_eval_score(s))

        def lookup(metric: str, year: int | None = None, service: str | None = None) -> dict[str, Any] | None:
            s = facts.match_service(service) if service else None
            return _fact_dict(facts.lookup(metric, year, s))

        tools += [
            StructuredTool.from_function(
                latest_eval, name="latest_eval_score", args_schema=EvalScoreArgs,
                description="말뭉치에서 위탁사무의 가장 최근 종합성과평가 점수와 그 출처 문장을 찾는다."),
            StructuredTool.from_function(
                lookup, name="lookup_fact", args_schema=LookupArgs,
                description="말뭉치의 표에서 항목·연도의 값(민간위탁금, 성과지표 목표치/실적치/달성도, 상담·피해구제 건수 등)과 출처 행을 찾는다."),
        ]
    return tools

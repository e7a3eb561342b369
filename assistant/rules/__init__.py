"""Deterministic rule engine: rules as data (rules.toml) + pure verdict and calculation functions.

    from assistant.rules import load_rules, recontract_eligibility, council_consent_required, achievement_rate
"""

from .calc import achievement_rate, change, growth_rate, share, sum_over_years
from .engine import ACTIONS, council_consent_required, recontract_eligibility
from .model import (
    DEFAULT_RULES_FILE,
    Clause,
    Criterion,
    RuleVersion,
    Rules,
    RulesError,
    Source,
    default_rules,
    load_rules,
)

__all__ = [
    "ACTIONS", "DEFAULT_RULES_FILE", "Clause", "Criterion", "RuleVersion", "Rules", "RulesError", "Source",
    "achievement_rate", "change", "council_consent_required", "default_rules", "growth_rate", "load_rules",
    "recontract_eligibility", "share", "sum_over_years",
]

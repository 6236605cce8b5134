"""What the state supports and with how much money: contents, ceilings, plans, projects.

One module per area (the catalogue, annual plans, projects); import the models from here.
"""

from programs.models.catalogue import (
    FundingSource,
    OutcomeIndicator,
    PriorityGround,
    PriorityGroundQuerySet,
    RuleSet,
    RuleUnit,
    SupportContent,
    SupportRule,
    SupportRuleQuerySet,
)
from programs.models.fields import MONEY, ZERO, money_field, subtotal
from programs.models.plans import AnnualPlan, PlanBudget, PlanLevel, PlanStatus
from programs.models.projects import (
    BudgetLine,
    BudgetLineQuerySet,
    Disbursement,
    DisbursementKind,
    Project,
    ProjectBeneficiary,
    ProjectOutcome,
    ProjectQuerySet,
    ProjectStatus,
    ProjectStatusChange,
)

__all__ = [
    "MONEY",
    "ZERO",
    "AnnualPlan",
    "BudgetLine",
    "BudgetLineQuerySet",
    "Disbursement",
    "DisbursementKind",
    "FundingSource",
    "OutcomeIndicator",
    "PlanBudget",
    "PriorityGround",
    "PriorityGroundQuerySet",
    "PlanLevel",
    "PlanStatus",
    "Project",
    "ProjectBeneficiary",
    "ProjectOutcome",
    "ProjectQuerySet",
    "ProjectStatus",
    "ProjectStatusChange",
    "RuleSet",
    "RuleUnit",
    "SupportContent",
    "SupportRule",
    "SupportRuleQuerySet",
    "money_field",
    "subtotal",
]

"""The toolkit's domain: the Early Help System Guide and its rules, free of any web framework.

- :mod:`app.domain.framework`: an edition of the guide loaded from ``descriptors/*.yaml``;
- :mod:`app.domain.earned_autonomy`: the Earned Autonomy Stage 1 thresholds;
- :mod:`app.domain.priorities`: the priority-descriptor rule and suggestions;
- :mod:`app.domain.consensus`: from many stakeholders' scores to a partnership score.

Nothing here imports Flask, SQLAlchemy or WTForms.
"""

from app.domain.consensus import Answer, Consensus, ConsensusSettings, consensus
from app.domain.earned_autonomy import EarnedAutonomyResult, ThresholdResult, check_earned_autonomy
from app.domain.framework import (
    DEFAULT_DESCRIPTORS_DIR,
    Composition,
    DataModel,
    Descriptor,
    Edition,
    Framework,
    FrameworkError,
    Permission,
    PriorityRule,
    Scale,
    ScaleLevel,
    Section,
    UnknownThresholdYear,
    VisionHeading,
    framework_as_dict,
    load_framework,
    load_frameworks,
    newest,
    render_framework_text,
    validate_scores,
)
from app.domain.priorities import (
    PriorityCheck,
    Suggestion,
    check_priorities,
    effective_data_model,
    explain_rule,
    suggest_priorities,
)

__all__ = [
    "DEFAULT_DESCRIPTORS_DIR",
    "Answer",
    "Composition",
    "Consensus",
    "ConsensusSettings",
    "DataModel",
    "Descriptor",
    "EarnedAutonomyResult",
    "Edition",
    "Framework",
    "FrameworkError",
    "Permission",
    "PriorityCheck",
    "PriorityRule",
    "Scale",
    "ScaleLevel",
    "Section",
    "Suggestion",
    "ThresholdResult",
    "UnknownThresholdYear",
    "VisionHeading",
    "check_earned_autonomy",
    "check_priorities",
    "consensus",
    "effective_data_model",
    "explain_rule",
    "framework_as_dict",
    "load_framework",
    "load_frameworks",
    "newest",
    "render_framework_text",
    "suggest_priorities",
    "validate_scores",
]

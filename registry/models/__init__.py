"""Models of the register, one concept per module."""

from registry.models.account import AccountSecurity, PasswordResetCode, PendingSignUp
from registry.models.annual import AnnualReport, ReportStatus
from registry.models.applicant import ApplicantProfile
from registry.models.application import (
    ApplicationDocument,
    ApplicationEvent,
    ApplicationKind,
    ApplicationStatus,
    DocumentRequirement,
    PrincipalOfficer,
    RegistrationApplication,
    ServiceRating,
)
from registry.models.audit import ChainHead, seal
from registry.models.background import OutboxMessage, TaskRun
from registry.models.calendar import CalendarDay, CalendarYear
from registry.models.certificate import Certificate, CertificateCopy, CertificateKind, CertificateStatus
from registry.models.complaint import Complaint, ComplaintCategory, ComplaintOutcome, ComplaintStatus
from registry.models.credit import CreditEntry, CreditRepair, CreditRepairFile, RepairStatus
from registry.models.disclosure import DisclosurePurpose, IdNumberDisclosure
from registry.models.dormancy import DormancyCase, DormancyStatus
from registry.models.evaluation import (
    EvaluationApplication,
    EvaluationRound,
    EvaluationStatus,
    Evaluator,
    GradeChange,
    GradeChangeKind,
    GradeReview,
    Indicator,
    IndicatorScore,
    IndicatorTable,
    Objection,
    ObjectionKind,
    ObjectionStatus,
    RoundStatus,
    TeamMember,
)
from registry.models.filing import FilingKind, OrganizationFiling
from registry.models.history import OrganizationHistory
from registry.models.jurisdiction import Jurisdiction
from registry.models.officer import OrganizationOfficer
from registry.models.organization import Organization
from registry.models.penalty import PenaltyCase, PenaltyEvidence, PenaltySanction, PenaltyService
from registry.models.search import IndexRebuild, IndexTask
from registry.models.security_log import SecurityCategory, SecurityEvent, SecurityLog
from registry.models.sequence import CodeSequence
from registry.models.spotcheck import CampaignStatus, CheckResult, SpotCheck, SpotCheckCampaign
from registry.models.staff import OfficerAssignment
from registry.models.supervision import (
    CaseReferral,
    InspectorConflict,
    Rectification,
    RectificationStatus,
    SupervisionFile,
    SupervisionSource,
)

__all__ = [
    "ChainHead",
    "seal",
    "AccountSecurity",
    "PasswordResetCode",
    "PendingSignUp",
    "CampaignStatus",
    "CaseReferral",
    "CheckResult",
    "Complaint",
    "ComplaintCategory",
    "ComplaintOutcome",
    "ComplaintStatus",
    "InspectorConflict",
    "Rectification",
    "RectificationStatus",
    "RepairStatus",
    "SpotCheck",
    "SpotCheckCampaign",
    "SupervisionFile",
    "SupervisionSource",
    "FilingKind",
    "OrganizationFiling",
    "AnnualReport",
    "ReportStatus",
    "ApplicantProfile",
    "ApplicationDocument",
    "ApplicationEvent",
    "ApplicationKind",
    "ApplicationStatus",
    "DocumentRequirement",
    "PrincipalOfficer",
    "RegistrationApplication",
    "ServiceRating",
    "CalendarDay",
    "CalendarYear",
    "Certificate",
    "CertificateCopy",
    "CertificateKind",
    "CertificateStatus",
    "CodeSequence",
    "CreditEntry",
    "CreditRepair",
    "CreditRepairFile",
    "DisclosurePurpose",
    "IdNumberDisclosure",
    "DormancyCase",
    "DormancyStatus",
    "EvaluationApplication",
    "EvaluationRound",
    "EvaluationStatus",
    "Evaluator",
    "GradeChange",
    "GradeChangeKind",
    "GradeReview",
    "Indicator",
    "IndicatorScore",
    "IndicatorTable",
    "Objection",
    "ObjectionKind",
    "ObjectionStatus",
    "RoundStatus",
    "TeamMember",
    "IndexTask",
    "IndexRebuild",
    "SecurityCategory",
    "SecurityEvent",
    "SecurityLog",
    "OutboxMessage",
    "TaskRun",
    "Jurisdiction",
    "OfficerAssignment",
    "Organization",
    "PenaltyCase",
    "PenaltyEvidence",
    "PenaltySanction",
    "PenaltyService",
    "OrganizationOfficer",
    "OrganizationHistory",
]

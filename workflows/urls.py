"""The officers' workflow site (Viewflow): the inbox, and each flow's processes and task views."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application, Site

from workflows.engine.viewsets import BureauFlowViewset
from workflows.flows.annual_inspection import AnnualInspectionFlow
from workflows.flows.annual_inspection.pages import AuditReportView, InspectionProgressView
from workflows.flows.archive import ArchiveRequestFlow
from workflows.flows.archive.portal import archive_proof
from workflows.flows.branch import BranchFlow
from workflows.flows.branch.pages import ExtendView as BranchExtendView
from workflows.flows.certificate import CertificateServiceFlow
from workflows.flows.charter import CharterFlow
from workflows.flows.charter.pages import ExtendView as CharterExtendView
from workflows.flows.community_filing import CommunityFilingFlow
from workflows.flows.community_filing import pages as community_pages
from workflows.flows.dormancy import DormancyFlow
from workflows.flows.dormancy.pages import DormancyCandidatesView
from workflows.flows.election import ElectionFlow
from workflows.flows.election.pages import ElectionFileView, OverdueElectionsView
from workflows.flows.evaluation import EvaluationFlow
from workflows.flows.evaluation.rounds import GradeDecisionView, RoundDetailView, RoundListView
from workflows.flows.officer_filing import OfficerFilingFlow
from workflows.flows.officer_filing.pages import FilingIdNumbersView
from workflows.flows.penalty import PenaltyFlow
from workflows.flows.penalty.pages import EvidenceDownloadView, ExtendView, OpenCaseView, PenaltyStatisticsView
from workflows.flows.purchase import PurchaseApplicationFlow
from workflows.flows.purchase.pages import CallDetailView as PurchaseCallView
from workflows.flows.purchase.pages import CallListView as PurchaseCallListView
from workflows.flows.purchase_delivery import PurchaseDeliveryFlow
from workflows.flows.purchase_delivery.pages import PurchaseOversightView
from workflows.flows.registration import RegistrationFlow
from workflows.flows.term_extension import TermExtensionFlow
from workflows.inbox.disclosure import DisclosureLogView, IdNumbersView
from workflows.inbox.views import OfficerHomeView
from workflows.incubation.views import BaseDetailView as IncubationBaseView
from workflows.incubation.views import BaseListView as IncubationBasesView
from workflows.purchase_review.views import CallReviewListView, CallReviewView
from workflows.statistics.views import SectorStatisticsView
from workflows.supervision.credit import (
    CreditListView,
    CreditRepairDetailView,
    CreditRepairFileView,
    CreditRepairListView,
)
from workflows.supervision.decoupling import DecouplingDetailView, DecouplingFileView, DecouplingListView
from workflows.supervision.party_building import PartyBuildingEditView, PartyCoverageView
from workflows.supervision.views import (
    CampaignDetailView,
    CampaignListView,
    CheckResultView,
    ComplaintDetailView,
    ComplaintListView,
    RectificationListView,
    SupervisionFileView,
)


class WorkApplication(Application):
    """The officers' business area; each process flow is registered here."""

    title = _("业务办理")
    icon = "assignment"
    app_name = "work"

    @property
    def index_path(self):
        return path("", OfficerHomeView.as_view(viewset=self), name="index")

    @property
    def inspection_progress_path(self):
        return path("annual/progress/", InspectionProgressView.as_view(viewset=self), name="inspection_progress")

    @property
    def annual_audit_path(self):
        return path("annual/reports/<int:pk>/audit/", AuditReportView.as_view(viewset=self), name="annual_audit")

    @property
    def evaluation_rounds_path(self):
        return path("evaluation/rounds/", RoundListView.as_view(viewset=self), name="evaluation_rounds")

    @property
    def evaluation_round_path(self):
        return path("evaluation/rounds/<int:pk>/", RoundDetailView.as_view(viewset=self), name="evaluation_round")

    @property
    def evaluation_grade_path(self):
        return path("evaluation/grades/<int:pk>/", GradeDecisionView.as_view(viewset=self), name="evaluation_grade")

    @property
    def id_numbers_path(self):
        return path("id-numbers/<int:pk>/", IdNumbersView.as_view(viewset=self), name="id_numbers")

    @property
    def id_disclosures_path(self):
        return path("id-numbers/log/", DisclosureLogView.as_view(viewset=self), name="id_disclosures")

    @property
    def dormancy_candidates_path(self):
        return path("dormancy/candidates/", DormancyCandidatesView.as_view(viewset=self), name="dormancy_candidates")

    @property
    def spot_checks_path(self):
        return path("supervision/spot-checks/", CampaignListView.as_view(viewset=self), name="spot_checks")

    @property
    def spot_check_path(self):
        return path("supervision/spot-checks/<int:pk>/", CampaignDetailView.as_view(viewset=self), name="spot_check")

    @property
    def spot_check_result_path(self):
        return path("supervision/checks/<int:pk>/", CheckResultView.as_view(viewset=self), name="spot_check_result")

    @property
    def complaints_path(self):
        return path("supervision/complaints/", ComplaintListView.as_view(viewset=self), name="complaints")

    @property
    def complaint_path(self):
        return path("supervision/complaints/<int:pk>/", ComplaintDetailView.as_view(viewset=self), name="complaint")

    @property
    def rectifications_path(self):
        return path("supervision/rectifications/", RectificationListView.as_view(viewset=self), name="rectifications")

    @property
    def supervision_file_path(self):
        return path("supervision/files/<int:pk>/", SupervisionFileView.as_view(), name="supervision_file")

    @property
    def credit_path(self):
        return path("supervision/credit/", CreditListView.as_view(viewset=self), name="credit")

    @property
    def credit_repairs_path(self):
        return path("supervision/credit-repairs/", CreditRepairListView.as_view(viewset=self), name="credit_repairs")

    @property
    def credit_repair_path(self):
        return path(
            "supervision/credit-repairs/<int:pk>/", CreditRepairDetailView.as_view(viewset=self), name="credit_repair"
        )

    @property
    def credit_repair_file_path(self):
        return path(
            "supervision/credit-repairs/files/<int:pk>/", CreditRepairFileView.as_view(), name="credit_repair_file"
        )

    @property
    def decoupling_path(self):
        return path("supervision/decoupling/", DecouplingListView.as_view(viewset=self), name="decoupling")

    @property
    def decoupling_detail_path(self):
        return path(
            "supervision/decoupling/<int:pk>/", DecouplingDetailView.as_view(viewset=self), name="decoupling_detail"
        )

    @property
    def decoupling_file_path(self):
        return path("supervision/decoupling/files/<int:pk>/", DecouplingFileView.as_view(), name="decoupling_file")

    @property
    def party_building_path(self):
        return path("supervision/party-building/", PartyCoverageView.as_view(viewset=self), name="party_building")

    @property
    def party_building_edit_path(self):
        return path(
            "supervision/party-building/<int:pk>/",
            PartyBuildingEditView.as_view(viewset=self),
            name="party_building_edit",
        )

    @property
    def penalty_new_path(self):
        return path("penalties/new/", OpenCaseView.as_view(viewset=self), name="penalty_new")

    @property
    def penalty_statistics_path(self):
        return path("penalties/statistics/", PenaltyStatisticsView.as_view(viewset=self), name="penalty_statistics")

    @property
    def sector_statistics_path(self):
        return path("statistics/", SectorStatisticsView.as_view(viewset=self), name="sector_statistics")

    @property
    def penalty_extend_path(self):
        return path("penalties/<int:pk>/extend/", ExtendView.as_view(viewset=self), name="penalty_extend")

    @property
    def penalty_evidence_path(self):
        return path("penalties/evidence/<int:pk>/", EvidenceDownloadView.as_view(viewset=self), name="penalty_evidence")

    @property
    def charter_extend_path(self):
        return path("charters/<int:pk>/extend/", CharterExtendView.as_view(viewset=self), name="charter_extend")

    @property
    def branch_extend_path(self):
        return path("branches/<int:pk>/extend/", BranchExtendView.as_view(viewset=self), name="branch_extend")

    @property
    def archive_proof_path(self):
        return path("archive/proofs/<int:pk>/", archive_proof, name="archive_proof")

    @property
    def overdue_elections_path(self):
        return path("supervision/elections/", OverdueElectionsView.as_view(viewset=self), name="overdue_elections")

    @property
    def election_file_path(self):
        return path("elections/<int:pk>/<slug:kind>/", ElectionFileView.as_view(), name="election_file")

    @property
    def purchase_calls_path(self):
        return path("purchase/calls/", PurchaseCallListView.as_view(viewset=self), name="purchase_calls")

    @property
    def purchase_call_path(self):
        return path("purchase/calls/<int:pk>/", PurchaseCallView.as_view(viewset=self), name="purchase_call")

    @property
    def officer_filing_id_numbers_path(self):
        return path(
            "officer-filings/<int:pk>/id-numbers/",
            FilingIdNumbersView.as_view(viewset=self),
            name="officer_filing_id_numbers",
        )

    @property
    def incubation_bases_path(self):
        return path("incubation/", IncubationBasesView.as_view(viewset=self), name="incubation_bases")

    @property
    def incubation_base_path(self):
        return path("incubation/<int:pk>/", IncubationBaseView.as_view(viewset=self), name="incubation_base")

    @property
    def purchase_reviews_path(self):
        return path("purchase/reviews/", CallReviewListView.as_view(viewset=self), name="purchase_reviews")

    @property
    def purchase_review_path(self):
        return path("purchase/reviews/<int:pk>/", CallReviewView.as_view(viewset=self), name="purchase_review")

    @property
    def purchase_oversight_path(self):
        return path("purchase/oversight/", PurchaseOversightView.as_view(viewset=self), name="purchase_oversight")


# Access is checked by each view (login first, then permission), so anonymous visitors are sent to log in.
site = Site(
    title=_("社会组织登记管理"),
    viewsets=[
        WorkApplication(
            viewsets=[
                BureauFlowViewset(RegistrationFlow, icon="how_to_reg"),
                BureauFlowViewset(AnnualInspectionFlow, icon="fact_check"),
                BureauFlowViewset(DormancyFlow, icon="cleaning_services"),
                BureauFlowViewset(EvaluationFlow, icon="workspace_premium"),
                BureauFlowViewset(PenaltyFlow, icon="gavel"),
                BureauFlowViewset(CharterFlow, icon="description"),
                BureauFlowViewset(BranchFlow, icon="account_tree"),
                BureauFlowViewset(CertificateServiceFlow, icon="badge"),
                BureauFlowViewset(ArchiveRequestFlow, icon="folder_open"),
                BureauFlowViewset(ElectionFlow, icon="how_to_vote"),
                BureauFlowViewset(TermExtensionFlow, icon="event_repeat"),
                BureauFlowViewset(OfficerFilingFlow, icon="badge"),
                BureauFlowViewset(PurchaseApplicationFlow, icon="volunteer_activism"),
                BureauFlowViewset(CommunityFilingFlow, icon="groups"),
                BureauFlowViewset(PurchaseDeliveryFlow, icon="volunteer_activism"),
            ]
        )
    ],
)

# The street offices' and towns' own pages (社区社会组织备案): their officers are not the bureau's.
community_patterns = [
    path("community/", community_pages.groups, name="community_officer_groups"),
    path("community/reports/", community_pages.reports, name="community_officer_reports"),
    path("community/<int:pk>/", community_pages.group, name="community_officer_group"),
    path("community/<int:pk>/cancel/", community_pages.group_cancel, name="community_officer_cancel"),
    path("community/<int:pk>/members/", community_pages.member_list, name="community_officer_members"),
]

urlpatterns = [*community_patterns, path("", site.urls)]

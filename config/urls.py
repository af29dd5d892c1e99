from django.urls import include, path

from safeguarding_reviews.cases import audit_views as case_audit_views
from safeguarding_reviews.cases import urls as case_urls
from safeguarding_reviews.core import views as core_views
from safeguarding_reviews.dashboards import views as dashboard_views

# The case page is composed by dashboards (above cases in the layers) but keeps its name, cases:detail.
case_patterns = [
    path("<uuid:case_id>/", dashboard_views.case_overview, name="detail"),
    *case_urls.urlpatterns,
]
# "Who has viewed or changed this case" reads the audit trail but is a case page (cases sits above audit).
audit_patterns = [path("cases/<uuid:case_id>/", case_audit_views.case_access, name="case_access")]

urlpatterns = [
    path("", include("safeguarding_reviews.dashboards.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("safeguarding_reviews.accounts.urls")),
    path("accounts/", include("safeguarding_reviews.accounts.allauth_urls")),
    path("accounts/", include("allauth.urls")),
    path("cases/", include((case_patterns, case_urls.app_name))),
    path("partnerships/", include("safeguarding_reviews.organisations.urls")),
    path("audit/", include((audit_patterns, "audit"))),
    # F2 apps declare their full paths themselves (most are under cases/<uuid:case_id>/...).
    path("", include("safeguarding_reviews.working_days.urls")),
    path("", include("safeguarding_reviews.clocks.urls")),
    path("", include("safeguarding_reviews.subjects.urls")),
    path("", include("safeguarding_reviews.practitioners.urls")),
    path("", include("safeguarding_reviews.families.urls")),
    path("", include("safeguarding_reviews.final_reports.urls")),
    path("", include("safeguarding_reviews.referrals.urls")),
    path("", include("safeguarding_reviews.documents.urls")),
    path("", include("safeguarding_reviews.report_drafts.urls")),
    path("", include("safeguarding_reviews.screening.urls")),
    path("", include("safeguarding_reviews.notifications.urls")),
    path("", include("safeguarding_reviews.alerts.urls")),
    path("", include("safeguarding_reviews.chronology.urls")),
    path("", include("safeguarding_reviews.rapid_review.urls")),
    path("", include("safeguarding_reviews.meetings.urls")),
    path("", include("safeguarding_reviews.reviewers.urls")),
    path("", include("safeguarding_reviews.parallel_processes.urls")),
    path("", include("safeguarding_reviews.actions.urls")),
    path("", include("safeguarding_reviews.action_plans.urls")),
    path("", include("safeguarding_reviews.outcomes.urls")),
    path("", include("safeguarding_reviews.reports.urls")),
    path("", include("safeguarding_reviews.signoffs.urls")),
    path("", include("safeguarding_reviews.panel.urls")),
    path("", include("safeguarding_reviews.redaction.urls")),
    path("", include("safeguarding_reviews.publication.urls")),
    path("", include("safeguarding_reviews.local_reviews.urls")),
    path("", include("safeguarding_reviews.drafts.urls")),
]

handler403 = "safeguarding_reviews.core.views.permission_denied"
handler404 = "safeguarding_reviews.core.views.page_not_found"
handler500 = "safeguarding_reviews.core.views.server_error"

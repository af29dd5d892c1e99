from django.urls import include, path

from safeguarding_reviews.core import views as core_views

urlpatterns = [
    path("", include("safeguarding_reviews.dashboards.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("safeguarding_reviews.accounts.urls")),
    path("accounts/", include("safeguarding_reviews.accounts.allauth_urls")),
    path("accounts/", include("allauth.urls")),
    path("cases/", include("safeguarding_reviews.cases.urls")),
    path("partnerships/", include("safeguarding_reviews.organisations.urls")),
    path("audit/", include("safeguarding_reviews.audit.urls")),
    # F2 apps declare their full paths themselves (most are under cases/<uuid:case_id>/...).
    path("", include("safeguarding_reviews.working_days.urls")),
    path("", include("safeguarding_reviews.clocks.urls")),
    path("", include("safeguarding_reviews.subjects.urls")),
    path("", include("safeguarding_reviews.referrals.urls")),
    path("", include("safeguarding_reviews.documents.urls")),
    path("", include("safeguarding_reviews.screening.urls")),
    path("", include("safeguarding_reviews.notifications.urls")),
    path("", include("safeguarding_reviews.alerts.urls")),
    path("", include("safeguarding_reviews.chronology.urls")),
    path("", include("safeguarding_reviews.rapid_review.urls")),
    path("", include("safeguarding_reviews.meetings.urls")),
    path("", include("safeguarding_reviews.parallel_processes.urls")),
    path("", include("safeguarding_reviews.actions.urls")),
    path("", include("safeguarding_reviews.outcomes.urls")),
    path("", include("safeguarding_reviews.reports.urls")),
    path("", include("safeguarding_reviews.signoffs.urls")),
    path("", include("safeguarding_reviews.panel.urls")),
    path("", include("safeguarding_reviews.drafts.urls")),
]

handler403 = "safeguarding_reviews.core.views.permission_denied"
handler404 = "safeguarding_reviews.core.views.page_not_found"
handler500 = "safeguarding_reviews.core.views.server_error"

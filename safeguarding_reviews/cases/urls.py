from django.urls import path

from safeguarding_reviews.dashboards import views as dashboard_views

from . import views

app_name = "cases"
urlpatterns = [
    path("new/", views.case_create, name="create"),
    path("<uuid:case_id>/", dashboard_views.case_overview, name="detail"),
    path("<uuid:case_id>/edit/", views.case_edit, name="edit"),
    path("<uuid:case_id>/people/", views.case_members_page, name="members"),
    path("<uuid:case_id>/people/<int:membership_id>/remove/", views.case_member_remove, name="member_remove"),
    path("<uuid:case_id>/sharing/", views.case_sharing, name="sharing"),
    path("<uuid:case_id>/sharing/<int:share_id>/end/", views.case_share_end, name="share_end"),
    path("<uuid:case_id>/reopen/", views.case_reopen, name="reopen"),
]

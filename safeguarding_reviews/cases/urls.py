from django.urls import path

from . import views

# The case page itself ("cases:detail") is composed by dashboards, an app above cases: config/urls.py adds it
# to this namespace, so cases never imports dashboards.
app_name = "cases"
urlpatterns = [
    path("new/", views.case_create, name="create"),
    path("<uuid:case_id>/edit/", views.case_edit, name="edit"),
    path("<uuid:case_id>/people/", views.case_members_page, name="members"),
    path("<uuid:case_id>/people/<int:membership_id>/remove/", views.case_member_remove, name="member_remove"),
    path("<uuid:case_id>/sharing/", views.case_sharing, name="sharing"),
    path("<uuid:case_id>/sharing/<int:share_id>/end/", views.case_share_end, name="share_end"),
    path("<uuid:case_id>/reopen/", views.case_reopen, name="reopen"),
]

from django.urls import path

from . import views

app_name = "reviewers"
urlpatterns = [
    path("cases/<uuid:case_id>/reviewer/", views.case_reviewer, name="case_reviewer"),
    path("cases/<uuid:case_id>/reviewer/appoint/", views.appoint, name="appoint"),
    path("cases/<uuid:case_id>/reviewer/<int:appointment_id>/decide/", views.decide, name="decide"),
    path("cases/<uuid:case_id>/reviewer/commission/", views.commission, name="commission"),
    path("cases/<uuid:case_id>/reviewer/identity/", views.identity_grant, name="identity_grant"),
    path("cases/<uuid:case_id>/reviewer/identity/revoke/", views.identity_revoke, name="identity_revoke"),
    path("cases/<uuid:case_id>/independence-declaration/", views.declaration, name="declaration"),
    path("cases/<uuid:case_id>/committee/", views.committee, name="committee"),
    path("cases/<uuid:case_id>/committee/list/", views.committee_list, name="committee_list"),
    path("cases/<uuid:case_id>/committee/unlist/", views.committee_unlist, name="committee_unlist"),
]

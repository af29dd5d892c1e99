from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("referrals/", views.start, name="start"),
    path("referrals/record/", views.record, name="record"),
    path("referrals/<uuid:referral_id>/", views.task_list, name="task_list"),
    path("referrals/<uuid:referral_id>/check/", views.check, name="check"),
    path("referrals/<uuid:referral_id>/people/add/<str:kind>/", views.person_add, name="person_add"),
    path("referrals/<uuid:referral_id>/people/<int:subject_id>/", views.person_edit, name="person_edit"),
    path(
        "referrals/<uuid:referral_id>/people/<int:subject_id>/remove/",
        views.person_remove,
        name="person_remove",
    ),
    path(
        "referrals/<uuid:referral_id>/attachments/<uuid:document_id>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("referrals/<uuid:referral_id>/<slug:section>/", views.section, name="section"),
    path("cases/<uuid:case_id>/referral/", views.case_referral, name="case_referral"),
    path("cases/<uuid:case_id>/referral/confirmation/", views.confirmation, name="confirmation"),
    path(
        "cases/<uuid:case_id>/referral/written-confirmation/",
        views.written_confirmation,
        name="written_confirmation",
    ),
]

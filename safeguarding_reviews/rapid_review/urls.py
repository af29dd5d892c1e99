from django.urls import path

from . import views

app_name = "rapid_review"
urlpatterns = [
    path("cases/<uuid:case_id>/agency-requests/", views.requests_list, name="requests"),
    path("cases/<uuid:case_id>/agency-requests/<int:request_id>/", views.request_detail, name="request"),
    path(
        "cases/<uuid:case_id>/agency-requests/<int:request_id>/return/", views.return_edit, name="return_edit"
    ),
    path(
        "cases/<uuid:case_id>/agency-requests/<int:request_id>/submit/",
        views.return_submit,
        name="return_submit",
    ),
    path(
        "cases/<uuid:case_id>/agency-requests/<int:request_id>/review/",
        views.return_review,
        name="return_review",
    ),
    path(
        "cases/<uuid:case_id>/agency-requests/<int:request_id>/chronology/",
        views.request_chronology,
        name="request_chronology",
    ),
    path(
        "cases/<uuid:case_id>/agency-requests/<int:request_id>/chronology/import/",
        views.request_chronology_import,
        name="request_chronology_import",
    ),
    path(
        "cases/<uuid:case_id>/agency-requests/<int:request_id>/chronology/template/",
        views.request_chronology_template,
        name="request_chronology_template",
    ),
]

from django.urls import path

from safeguarding_reviews.chronology import mapping_views
from safeguarding_reviews.chronology import views as chronology_views

from . import views

_MAP = "cases/<uuid:case_id>/agency-requests/<int:request_id>/chronology/map/"

app_name = "rapid_review"
urlpatterns = [
    path("cases/<uuid:case_id>/agency-requests/", views.requests_list, name="requests"),
    path("cases/<uuid:case_id>/family-told/", views.family_told, name="family_told"),
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
        "cases/<uuid:case_id>/agency-requests/<int:request_id>/submitted/",
        views.return_submitted,
        name="return_submitted",
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
        chronology_views.chronology_import,
        name="request_chronology_import",
    ),
    path(
        "cases/<uuid:case_id>/agency-requests/<int:request_id>/chronology/template/",
        chronology_views.chronology_template,
        name="request_chronology_template",
    ),
    path(_MAP, mapping_views.map_upload, name="request_map_upload"),
    path(_MAP + "<uuid:draft_id>/", mapping_views.map_choose, name="request_map_choose"),
    path(_MAP + "<uuid:draft_id>/columns/", mapping_views.map_columns, name="request_map_columns"),
    path(_MAP + "<uuid:draft_id>/preview/", mapping_views.map_preview, name="request_map_preview"),
]

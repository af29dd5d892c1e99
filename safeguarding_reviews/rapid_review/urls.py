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
]

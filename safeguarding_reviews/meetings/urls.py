from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("cases/<uuid:case_id>/rapid-review/meetings/", views.meetings_list, name="list"),
    path("cases/<uuid:case_id>/rapid-review/meetings/new/", views.meeting_add, name="add"),
    path("cases/<uuid:case_id>/rapid-review/meetings/<int:meeting_id>/", views.meeting_detail, name="detail"),
    path(
        "cases/<uuid:case_id>/rapid-review/meetings/<int:meeting_id>/edit/", views.meeting_edit, name="edit"
    ),
    path(
        "cases/<uuid:case_id>/rapid-review/meetings/<int:meeting_id>/attendees/",
        views.meeting_attendees,
        name="attendees",
    ),
    path(
        "cases/<uuid:case_id>/rapid-review/meetings/<int:meeting_id>/actions/",
        views.meeting_actions,
        name="actions",
    ),
    path(
        "cases/<uuid:case_id>/rapid-review/meetings/<int:meeting_id>/invitees/",
        views.meeting_invitees,
        name="invitees",
    ),
    path(
        "cases/<uuid:case_id>/rapid-review/meetings/<int:meeting_id>/held/", views.meeting_held, name="held"
    ),
]

from django.urls import path

from . import views

app_name = "actions"
urlpatterns = [
    path("cases/<uuid:case_id>/actions/", views.actions_list, name="list"),
    path("cases/<uuid:case_id>/actions/<int:action_id>/", views.action_detail, name="detail"),
    path(
        "cases/<uuid:case_id>/actions/<int:action_id>/updates/new/",
        views.action_update_add,
        name="update_add",
    ),
    path("cases/<uuid:case_id>/actions/<int:action_id>/status/", views.action_status, name="status"),
]

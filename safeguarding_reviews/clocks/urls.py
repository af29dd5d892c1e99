from django.urls import path

from . import views

app_name = "clocks"
urlpatterns = [
    path("cases/<uuid:case_id>/clocks/", views.case_clocks, name="case_clocks"),
    path(
        "cases/<uuid:case_id>/clocks/<int:deadline_id>/delay-reason/",
        views.delay_reason,
        name="delay_reason",
    ),
    path(
        "cases/<uuid:case_id>/clocks/<int:deadline_id>/pause-or-extend/",
        views.pause_request,
        name="pause_request",
    ),
    path("cases/<uuid:case_id>/clocks/<int:deadline_id>/restart/", views.pause_resume, name="pause_resume"),
    path(
        "cases/<uuid:case_id>/clocks/requests/<int:adjustment_id>/decide/",
        views.pause_decide,
        name="pause_decide",
    ),
    path("cases/<uuid:case_id>/clocks/rebase/", views.rebase, name="rebase"),
    path("partnerships/<slug:slug>/clock-settings/", views.settings_page, name="settings"),
]

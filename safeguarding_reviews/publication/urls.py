from django.urls import path

from . import views

app_name = "publication"
BASE = "cases/<uuid:case_id>/publication/"
urlpatterns = [
    path(BASE, views.task_list, name="task_list"),
    path(BASE + "files/<slug:kind>/", views.file, name="file"),
    path(BASE + "files/<slug:kind>/upload/", views.file_upload, name="file_upload"),
    path(BASE + "files/<slug:kind>/<int:version>/download/", views.file_download, name="file_download"),
    path(BASE + "briefing/generate/", views.briefing_generate, name="briefing_generate"),
    path(BASE + "briefing/add/", views.briefing_add, name="briefing_add"),
    path(BASE + "decision/", views.decision, name="decision"),
    path(BASE + "holds/add/", views.hold_add, name="hold_add"),
    path(BASE + "holds/<int:hold_id>/decide/", views.hold_decide, name="hold_decide"),
    path(BASE + "holds/<int:hold_id>/lift/", views.hold_lift, name="hold_lift"),
    path(BASE + "holds/<int:hold_id>/review/", views.hold_review, name="hold_review"),
    path(BASE + "notice/", views.notice, name="notice"),
    path(BASE + "record/", views.record, name="record"),
]

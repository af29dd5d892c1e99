from django.urls import path

from . import views

app_name = "report_drafts"
DRAFTS = "cases/<uuid:case_id>/drafts/"
VERSION = DRAFTS + "<int:version>/"
FACTUAL = DRAFTS + "factual-accuracy/<int:request_id>/"
urlpatterns = [
    path(DRAFTS, views.drafts, name="drafts"),
    path(DRAFTS + "upload/", views.upload, name="upload"),
    path(VERSION, views.version, name="version"),
    path(VERSION + "download/", views.download, name="download"),
    path(VERSION + "comments/add/", views.comment_add, name="comment_add"),
    path(VERSION + "comments/<int:comment_id>/respond/", views.respond, name="respond"),
    path(VERSION + "factual-accuracy/new/", views.factual_new, name="factual_new"),
    path(FACTUAL, views.factual_request, name="factual_request"),
    path(FACTUAL + "corrections/add/", views.factual_correction, name="factual_correction"),
    path(FACTUAL + "download/", views.factual_download, name="factual_download"),
]

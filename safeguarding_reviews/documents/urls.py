from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("cases/<uuid:case_id>/documents/<uuid:document_id>/", views.download, name="download"),
]

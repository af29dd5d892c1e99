from django.urls import path

from . import views

app_name = "chronology"
urlpatterns = [
    path("cases/<uuid:case_id>/chronology/", views.chronology_merged, name="merged"),
    path("cases/<uuid:case_id>/chronology/add/", views.chronology_add, name="add"),
    path("cases/<uuid:case_id>/chronology/import/", views.chronology_import, name="import"),
    path("cases/<uuid:case_id>/chronology/template.xlsx", views.chronology_template, name="template"),
    path("cases/<uuid:case_id>/chronology/export.xlsx", views.chronology_export_xlsx, name="export_xlsx"),
    path("cases/<uuid:case_id>/chronology/export.docx", views.chronology_export_docx, name="export_docx"),
    path(
        "cases/<uuid:case_id>/chronology/exports/<uuid:export_id>/",
        views.chronology_export_status,
        name="export_status",
    ),
    path(
        "cases/<uuid:case_id>/chronology/exports/<uuid:export_id>/download/",
        views.chronology_export_download,
        name="export_download",
    ),
]

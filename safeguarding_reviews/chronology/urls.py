from django.urls import path

from . import views

app_name = "chronology"
urlpatterns = [
    path("cases/<uuid:case_id>/chronology/", views.chronology_merged, name="merged"),
    path("cases/<uuid:case_id>/chronology/add/", views.chronology_add, name="add"),
    path("cases/<uuid:case_id>/chronology/import/", views.chronology_import, name="import"),
    path("cases/<uuid:case_id>/chronology/template.xlsx", views.chronology_template, name="template"),
    path("cases/<uuid:case_id>/chronology/export.xlsx", views.chronology_export_xlsx, name="export_xlsx"),
]

from django.urls import path

from . import mapping_views, views

app_name = "chronology"
urlpatterns = [
    path("cases/<uuid:case_id>/chronology/", views.chronology_merged, name="merged"),
    path("cases/<uuid:case_id>/chronology/add/", views.chronology_add, name="add"),
    path("cases/<uuid:case_id>/chronology/import/", views.chronology_import, name="import"),
    path("cases/<uuid:case_id>/chronology/map/", mapping_views.map_upload, name="map_upload"),
    path(
        "cases/<uuid:case_id>/chronology/map/<uuid:draft_id>/",
        mapping_views.map_choose,
        name="map_choose",
    ),
    path(
        "cases/<uuid:case_id>/chronology/map/<uuid:draft_id>/columns/",
        mapping_views.map_columns,
        name="map_columns",
    ),
    path(
        "cases/<uuid:case_id>/chronology/map/<uuid:draft_id>/preview/",
        mapping_views.map_preview,
        name="map_preview",
    ),
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
    path(
        "cases/<uuid:case_id>/chronology/entries/<int:entry_id>/correct/",
        views.chronology_entry_correct,
        name="entry_correct",
    ),
    path(
        "cases/<uuid:case_id>/chronology/entries/<int:entry_id>/withdraw/",
        views.chronology_entry_withdraw,
        name="entry_withdraw",
    ),
    path(
        "cases/<uuid:case_id>/chronology/entries/<int:entry_id>/history/",
        views.chronology_entry_history,
        name="entry_history",
    ),
    path("cases/<uuid:case_id>/chronology/imports/", views.chronology_imports, name="imports"),
    path(
        "cases/<uuid:case_id>/chronology/imports/<int:batch_id>/undo/",
        views.chronology_import_undo,
        name="import_undo",
    ),
    path(
        "cases/<uuid:case_id>/chronology/duplicates/decide/",
        views.chronology_duplicate_decide,
        name="duplicate_decide",
    ),
]

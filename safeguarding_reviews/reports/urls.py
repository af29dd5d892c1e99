from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("cases/<uuid:case_id>/rapid-review/report/", views.case_reports, name="case_reports"),
    path("cases/<uuid:case_id>/rapid-review/report/generate/", views.generate, name="generate"),
    path(
        "cases/<uuid:case_id>/rapid-review/report/generations/<uuid:generation_id>/",
        views.generation_status,
        name="generation_status",
    ),
    path(
        "cases/<uuid:case_id>/rapid-review/report/<int:report_id>/docx/",
        views.download_docx,
        name="download_docx",
    ),
    path(
        "cases/<uuid:case_id>/rapid-review/report/<int:report_id>/pdf/",
        views.download_pdf,
        name="download_pdf",
    ),
    # Word documents of other template kinds (DocumentGeneration), for whoever may read their subject.
    path(
        "cases/<uuid:case_id>/word-documents/<uuid:job_id>/",
        views.document_generation_status,
        name="document_generation_status",
    ),
    path(
        "cases/<uuid:case_id>/word-documents/<uuid:job_id>/download/",
        views.document_generation_download,
        name="document_generation_download",
    ),
    path("partnerships/<slug:slug>/report-templates/", views.templates, name="templates"),
    path(
        "partnerships/<slug:slug>/report-templates/default/",
        views.default_template_download,
        name="default_template",
    ),
    path(
        "partnerships/<slug:slug>/report-templates/<int:version>/",
        views.template_download,
        name="template_download",
    ),
    # The other template kinds (reports.kinds); the rapid review report's keep the addresses above.
    path(
        "partnerships/<slug:slug>/report-templates/kinds/<slug:kind>/",
        views.kind_templates,
        name="kind_templates",
    ),
    path(
        "partnerships/<slug:slug>/report-templates/kinds/<slug:kind>/default/",
        views.kind_default_template,
        name="kind_default_template",
    ),
    path(
        "partnerships/<slug:slug>/report-templates/kinds/<slug:kind>/<int:version>/",
        views.kind_template_download,
        name="kind_template_download",
    ),
]

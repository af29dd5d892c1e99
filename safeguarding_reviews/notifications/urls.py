from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("cases/<uuid:case_id>/notification/", views.notification_detail, name="detail"),
    path("cases/<uuid:case_id>/notification/edit/", views.notification_edit, name="edit"),
    path(
        "cases/<uuid:case_id>/notification/children/<int:subject_id>/", views.notification_child, name="child"
    ),
    path(
        "cases/<uuid:case_id>/notification/attachments/", views.notification_attachments, name="attachments"
    ),
    path("cases/<uuid:case_id>/notification/sent/", views.notification_sent, name="sent"),
    path(
        "cases/<uuid:case_id>/notification/local-partners-told/",
        views.notification_partners_told,
        name="partners_told",
    ),
    path("cases/<uuid:case_id>/notification/summary.pdf", views.notification_summary_pdf, name="summary_pdf"),
    path(
        "cases/<uuid:case_id>/notification/summary.docx", views.notification_summary_docx, name="summary_docx"
    ),
]

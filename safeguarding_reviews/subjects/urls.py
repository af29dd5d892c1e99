from django.urls import path

from . import views

app_name = "subjects"
urlpatterns = [
    path("cases/<uuid:case_id>/subjects/", views.case_subjects, name="case_subjects"),
    path("cases/<uuid:case_id>/subjects/add/<str:kind>/", views.subject_add, name="subject_add"),
    path("cases/<uuid:case_id>/subjects/<int:subject_id>/edit/", views.subject_edit, name="subject_edit"),
]

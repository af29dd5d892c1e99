from django.urls import path

from . import views

app_name = "final_reports"
BASE = "cases/<uuid:case_id>/final-report/"
urlpatterns = [
    path(BASE, views.record, name="record"),
    path(BASE + "summary/", views.summary, name="summary"),
    path(BASE + "response/", views.response, name="response"),
    path(BASE + "findings/add/", views.finding_add, name="finding_add"),
    path(BASE + "findings/<int:finding_id>/", views.finding_edit, name="finding_edit"),
    path(BASE + "findings/<int:finding_id>/remove/", views.finding_remove, name="finding_remove"),
    path(BASE + "recommendations/add/", views.recommendation_add, name="recommendation_add"),
    path(
        BASE + "recommendations/<int:recommendation_id>/",
        views.recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        BASE + "recommendations/<int:recommendation_id>/remove/",
        views.recommendation_remove,
        name="recommendation_remove",
    ),
    path(BASE + "submit/", views.submit, name="submit"),
]

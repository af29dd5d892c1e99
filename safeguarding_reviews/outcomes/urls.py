from django.urls import path

from . import views

app_name = "outcomes"
_BASE = "cases/<uuid:case_id>/rapid-review/outcome/"
urlpatterns = [
    path(_BASE, views.outcome_overview, name="overview"),
    path(_BASE + "start/", views.outcome_start, name="start"),
    path(_BASE + "edit/<slug:section>/", views.outcome_section, name="section"),
    path(_BASE + "immediate-actions/", views.outcome_actions, name="actions"),
    path(_BASE + "learning/", views.outcome_learning, name="learning"),
    path(_BASE + "evidence/", views.outcome_evidence, name="evidence"),
]

from django.urls import path

from . import monitoring_views, views

app_name = "action_plans"
PLANS = "partnerships/<slug:slug>/action-plans/"
RECOMMENDATION = PLANS + "recommendations/<int:recommendation_id>/"
ACTION = PLANS + "actions/<int:action_id>/"
urlpatterns = [
    path("action-plans/", views.start, name="start"),
    path(PLANS, views.index, name="index"),
    path(PLANS + "agenda/", views.agenda, name="agenda"),
    path(PLANS + "actions/", views.actions_list, name="actions"),
    path(PLANS + "recommendations/adopt/", views.recommendation_adopt, name="recommendation_adopt"),
    path(RECOMMENDATION, views.recommendation_detail, name="recommendation"),
    path(RECOMMENDATION + "edit/", views.recommendation_edit, name="recommendation_edit"),
    path(RECOMMENDATION + "actions/new/", views.action_add, name="action_add"),
    path(RECOMMENDATION + "close/", views.recommendation_close, name="recommendation_close"),
    path(RECOMMENDATION + "impact/", views.impact_check, name="impact_check"),
    path(ACTION, views.action_detail, name="action"),
    path(ACTION + "update/", views.action_update, name="action_update"),
    path(ACTION + "complete/", views.action_complete, name="action_complete"),
    path(ACTION + "evidence/", views.evidence_add, name="evidence_add"),
    path(ACTION + "evidence/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
    path(ACTION + "decide/", views.evidence_decide, name="evidence_decide"),
    path(ACTION + "withdraw/", views.withdrawal_request, name="withdrawal_request"),
    path(ACTION + "withdrawal/", views.withdrawal_decide, name="withdrawal_decide"),
    path(ACTION + "replace/", views.action_supersede, name="action_supersede"),
    path("cases/<uuid:case_id>/action-plan/", views.case_plan, name="case_plan"),
]

# The monitoring view and repeated recommendations (issue 16 items 5 and 6: monitoring_views.py).
MONITORING = PLANS + "monitoring/"
urlpatterns += [
    path(MONITORING, monitoring_views.monitoring_view, name="monitoring"),
    path(
        MONITORING + "exports/", monitoring_views.monitoring_export_request, name="monitoring_export_request"
    ),
    path(
        MONITORING + "exports/<int:export_id>/",
        monitoring_views.monitoring_export_status,
        name="monitoring_export",
    ),
    path(
        MONITORING + "exports/<int:export_id>/download/",
        monitoring_views.monitoring_export_download,
        name="monitoring_export_download",
    ),
    path(RECOMMENDATION + "earlier/", monitoring_views.recommendation_repeats, name="recommendation_repeats"),
    path(RECOMMENDATION + "unlink/", monitoring_views.recommendation_unlink, name="recommendation_unlink"),
]

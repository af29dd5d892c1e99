from django.urls import path

from . import views

app_name = "screening"
urlpatterns = [
    path("cases/<uuid:case_id>/screening/", views.screening_detail, name="detail"),
    path("cases/<uuid:case_id>/screening/became-aware/", views.screening_awareness, name="awareness"),
    path("cases/<uuid:case_id>/screening/criteria/", views.screening_checklist, name="checklist"),
    path("cases/<uuid:case_id>/screening/decision/", views.screening_decide, name="decide"),
    path("cases/<uuid:case_id>/screening/scrutiny/", views.screening_scrutiny, name="scrutiny"),
]

from django.urls import path

from . import views

app_name = "working_days"
urlpatterns = [
    path("partnerships/platform/bank-holidays/", views.bank_holidays, name="bank_holidays"),
    path("partnerships/platform/bank-holidays/overrides/new/", views.override_add, name="override_add"),
    path(
        "partnerships/platform/bank-holidays/overrides/<int:override_id>/withdraw/",
        views.override_withdraw,
        name="override_withdraw",
    ),
    path("partnerships/<slug:slug>/closure-days/", views.closure_days, name="closure_days"),
    path(
        "partnerships/<slug:slug>/closure-days/<int:closure_id>/remove/",
        views.closure_day_remove,
        name="closure_day_remove",
    ),
]

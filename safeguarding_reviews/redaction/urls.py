from django.urls import path

from . import views

app_name = "redaction"
CHECKS = "cases/<uuid:case_id>/redaction-checks/"
CHECK = CHECKS + "<int:check_id>/"
urlpatterns = [
    path(CHECKS, views.checks, name="checks"),
    path(CHECKS + "new/", views.check_new, name="check_new"),
    path(CHECK, views.check, name="check"),
    path(CHECK + "findings/<int:finding_id>/", views.finding, name="finding"),
]

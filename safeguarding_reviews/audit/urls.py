from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("cases/<uuid:case_id>/", views.case_access, name="case_access"),
]

from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("alerts/", views.alert_list, name="list"),
    path("alerts/<int:alert_id>/read/", views.alert_read, name="read"),
]

from django.urls import path

from . import views

app_name = "practitioners"
urlpatterns = [
    path("cases/<uuid:case_id>/practitioners/", views.register, name="register"),
    path("cases/<uuid:case_id>/practitioners/add/", views.add, name="add"),
    path("cases/<uuid:case_id>/practitioners/<int:practitioner_id>/edit/", views.edit, name="edit"),
    path("cases/<uuid:case_id>/practitioners/<int:practitioner_id>/remove/", views.remove, name="remove"),
]

from django.urls import path

from . import views

app_name = "drafts"
urlpatterns = [
    path("drafts/save/", views.save, name="save"),
    path("drafts/discard/", views.discard, name="discard"),
]

from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("platform/", views.platform, name="platform"),
    path("<slug:slug>/people/", views.people, name="people"),
]

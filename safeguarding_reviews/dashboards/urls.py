from django.urls import path

from safeguarding_reviews.core import views as core_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("privacy/", core_views.privacy, name="privacy"),
]

from django.urls import path

from safeguarding_reviews.core import views as core_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("business-unit/", views.business_unit_dashboard, name="business_unit_dashboard"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("privacy/", core_views.privacy, name="privacy"),
    path("help/glossary/", core_views.glossary, name="glossary"),
]

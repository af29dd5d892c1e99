from django.urls import path

from . import views

app_name = "local_reviews"
BASE = "cases/<uuid:case_id>/local-review/"
urlpatterns = [
    path(BASE, views.task_list, name="task_list"),
    path(BASE + "start/", views.start, name="start"),
    path(BASE + "plan/<int:target_id>/", views.target_edit, name="target"),
    path(BASE + "terms/", views.terms, name="terms"),
    path(BASE + "terms/edit/", views.terms_edit, name="terms_edit"),
    path(BASE + "terms/<int:number>/", views.terms_version, name="terms_version"),
    path(BASE + "terms/<int:number>/agreement/", views.terms_agreement, name="terms_agreement"),
    path(BASE + "terms/<int:number>/export/", views.terms_export, name="terms_export"),
    path(BASE + "methodology/", views.methodology, name="methodology"),
    path(BASE + "methodology/agreement/", views.methodology_agreement, name="methodology_agreement"),
    path(BASE + "progress/", views.progress, name="progress"),
    path(BASE + "family-contact/", views.family_contact, name="family_contact"),
    path(BASE + "requests/", views.information_requests, name="information_requests"),
    path(BASE + "requests/new/", views.information_request_new, name="information_request_new"),
    path(BASE + "requests/<int:request_id>/", views.information_request, name="information_request"),
    # The partnership's managed list of review methods (its business manager's page).
    path("partnerships/<slug:slug>/review-methods/", views.methods, name="methods"),
    path(
        "partnerships/<slug:slug>/review-methods/<int:method_id>/retire/",
        views.method_retire,
        name="method_retire",
    ),
    path(
        "partnerships/<slug:slug>/review-methods/<int:method_id>/reinstate/",
        views.method_reinstate,
        name="method_reinstate",
    ),
]

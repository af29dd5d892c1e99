from django.urls import path

from . import views

app_name = "signoffs"
_BASE = "cases/<uuid:case_id>/rapid-review/sign-off/"
urlpatterns = [
    path(_BASE, views.signoff_overview, name="overview"),
    path(_BASE + "sign/", views.signoff_sign, name="sign"),
    path(_BASE + "challenges/", views.challenge_raise, name="challenge"),
    path(_BASE + "challenges/<int:challenge_id>/answer/", views.challenge_answer, name="answer"),
    path(_BASE + "dissents/<int:signoff_id>/resolve/", views.dissent_resolve, name="resolve"),
    path(_BASE + "record/", views.record_status, name="record_status"),
    path(_BASE + "record/generate/", views.record_retry, name="record_retry"),
    path(_BASE + "records/<int:record_id>/pdf/", views.record_download, name="record_download"),
    # Sign-off of any registered signable kind of document (signable.py).
    path("cases/<uuid:case_id>/sign/<slug:kind>/", views.document_sign, name="document"),
    path(
        "cases/<uuid:case_id>/sign/<slug:kind>/dissents/<int:document_signoff_id>/resolve/",
        views.document_resolve,
        name="document_resolve",
    ),
]

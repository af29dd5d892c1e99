from django.urls import path

from . import views

app_name = "practitioners"
INVOLVEMENT = "cases/<uuid:case_id>/practitioners/<int:practitioner_id>/involvement/"
urlpatterns = [
    path("cases/<uuid:case_id>/practitioners/", views.register, name="register"),
    path("cases/<uuid:case_id>/practitioners/add/", views.add, name="add"),
    path("cases/<uuid:case_id>/practitioners/<int:practitioner_id>/edit/", views.edit, name="edit"),
    path("cases/<uuid:case_id>/practitioners/<int:practitioner_id>/remove/", views.remove, name="remove"),
    path(INVOLVEMENT, views.involvement, name="involvement"),
    path(INVOLVEMENT + "invitations/add/", views.invitation_add, name="invitation_add"),
    path(INVOLVEMENT + "invitations/<int:invitation_id>/", views.invitation_update, name="invitation_update"),
    path(INVOLVEMENT + "statement/", views.statement, name="statement"),
    path(INVOLVEMENT + "draft/", views.draft, name="draft"),
]

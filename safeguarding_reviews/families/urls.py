from django.urls import path

from . import views

app_name = "families"
MEMBER = "cases/<uuid:case_id>/family/<int:member_id>/"
urlpatterns = [
    path("cases/<uuid:case_id>/family/", views.family, name="family"),
    path("cases/<uuid:case_id>/family/add/", views.member_add, name="member_add"),
    path(MEMBER, views.member, name="member"),
    path(MEMBER + "change/", views.member_edit, name="member_edit"),
    path(MEMBER + "remove/", views.member_remove, name="member_remove"),
    path(MEMBER + "approach/", views.approach, name="approach"),
    path(MEMBER + "contacts/add/", views.contact_add, name="contact_add"),
    path(MEMBER + "expectations/", views.expectations, name="expectations"),
    path(MEMBER + "views/", views.views_used, name="views_used"),
    path(MEMBER + "draft/", views.draft, name="draft"),
    path(MEMBER + "letter/", views.letter_generate, name="letter_generate"),
    path(MEMBER + "letter/download/", views.letter_download, name="letter_download"),
]

from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("platform/", views.platform, name="platform"),
    path("platform/partnerships/new/", views.platform_partnership_create, name="platform_partnership_create"),
    path("platform/accounts/", views.platform_accounts, name="platform_accounts"),
    path(
        "platform/accounts/<int:user_id>/deactivate/",
        views.platform_account_deactivate,
        name="platform_account_deactivate",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("<slug:slug>/people/", views.people, name="people"),
    path("<slug:slug>/people/invite/", views.invite, name="invite"),
    path(
        "<slug:slug>/invitations/<uuid:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("<slug:slug>/people/<int:membership_id>/roles/", views.person_roles, name="person_roles"),
    path(
        "<slug:slug>/people/<int:membership_id>/reset-mfa/", views.person_mfa_reset, name="person_mfa_reset"
    ),
    path("<slug:slug>/people/<int:membership_id>/end/", views.person_end, name="person_end"),
    path("<slug:slug>/agencies/", views.agencies, name="agencies"),
]

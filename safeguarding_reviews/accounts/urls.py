from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("security/", views.security, name="security"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("session/keep-alive/", views.keep_alive, name="keep_alive"),
    path("session/status/", views.session_status, name="session_status"),
    path("session/timed-out/", views.timed_out, name="timed_out"),
]

from django.urls import path

from . import views

app_name = "panel"
urlpatterns = [
    path("cases/<uuid:case_id>/rapid-review/panel/", views.submission, name="submission"),
    path("cases/<uuid:case_id>/rapid-review/panel/response/", views.response, name="response"),
    path(
        "cases/<uuid:case_id>/rapid-review/panel/learning-route/", views.learning_route, name="learning_route"
    ),
    path("cases/<uuid:case_id>/rapid-review/panel/follow-up/", views.follow_up, name="follow_up"),
]

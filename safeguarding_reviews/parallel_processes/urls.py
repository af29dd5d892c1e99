from django.urls import path

from . import views

app_name = "parallel_processes"
urlpatterns = [
    path("cases/<uuid:case_id>/parallel-processes/", views.register, name="register"),
    path("cases/<uuid:case_id>/parallel-processes/new/", views.process_add, name="add"),
    path("cases/<uuid:case_id>/parallel-processes/<int:process_id>/", views.process_edit, name="edit"),
    path(
        "cases/<uuid:case_id>/parallel-processes/<int:process_id>/constraints/new/",
        views.constraint_add,
        name="constraint_add",
    ),
    path(
        "cases/<uuid:case_id>/parallel-processes/<int:process_id>/constraints/<int:constraint_id>/lift/",
        views.constraint_lift,
        name="constraint_lift",
    ),
]

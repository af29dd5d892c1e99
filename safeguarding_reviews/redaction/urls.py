app_name = "redaction"

urlpatterns: list = []

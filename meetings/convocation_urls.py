app_name = "convocations"

urlpatterns: list[object] = []

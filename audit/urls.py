from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("conseil/<int:pk>/", views.council_trail, name="council"),
    path("seance/<int:pk>/", views.meeting_trail, name="meeting"),
]

from django.urls import path

from recommendations import views

app_name = "recommendations"

urlpatterns = [
    path("seance/<int:meeting_pk>/adopter/", views.adopt, name="adopt"),
    path("<int:pk>/", views.detail, name="detail"),
    path("reponses/<int:pk>/", views.answer, name="answer"),
    path("a-traiter/", views.inbox, name="inbox"),
    path("conseil/<int:pk>/", views.council_board, name="council_board"),
    path("instance/<int:pk>/", views.body_board, name="body_board"),
    path("etablissement/<int:pk>/", views.institution_board, name="institution_board"),
    path("etablissement/<int:pk>/instances/", views.bodies, name="bodies"),
]

from django.urls import path

from law import views

app_name = "law"

urlpatterns = [
    path("", views.index, name="index"),
    path("recherche/", views.search_page, name="search"),
    path("organes/", views.bodies, name="bodies"),
    path("rubrique/<int:heading_id>/", views.section, name="section"),
    path("article/<int:source_line>/", views.article, name="article"),
    path("article/<str:reference>/", views.article_by_reference, name="article_by_reference"),
]

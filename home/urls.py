"""Each person's home page, the director's dashboard, global search (names without namespace,
as before the move out of the project package)."""

from django.urls import URLPattern, path

from home import dashboard, search, views

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("sources/<str:name>/", views.source_document, name="source_document"),
    path("sante/", views.health, name="health"),
    path("recherche/", search.search_page, name="search"),
    path("tableau-de-bord/", dashboard.director_dashboard, name="dashboard"),
]

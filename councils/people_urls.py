from django.urls import path

from councils import people_views

app_name = "people"

urlpatterns = [
    path("", people_views.people_list, name="list"),
    path("nouvelle/", people_views.person_create, name="create"),
    path("choisir/", people_views.person_pick, name="pick"),
    path("importer/", people_views.people_import_view, name="import"),
    path("<int:pk>/", people_views.person_detail, name="detail"),
    path("<int:pk>/modifier/", people_views.person_edit, name="edit"),
]

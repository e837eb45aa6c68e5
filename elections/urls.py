from django.urls import path

from elections import views

app_name = "elections"

urlpatterns = [
    path("conseil/<int:pk>/", views.council_elections, name="list"),
    path("conseil/<int:pk>/nouvelle/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/electeurs/", views.electors, name="electors"),
    path("<int:pk>/electeurs/importer/", views.electors_import, name="electors_import"),
    path("<int:pk>/ouvrir-les-listes/", views.open_lists, name="open_lists"),
    path("<int:pk>/listes/", views.lists, name="lists"),
    path("<int:pk>/listes/<int:list_pk>/candidat/", views.candidate_add, name="candidate_add"),
    path("<int:pk>/resultats/saisie/", views.results, name="results"),
    path("<int:pk>/resultats/", views.result, name="result"),
    path("<int:pk>/entree.json", views.input_json, name="input_json"),
    path("<int:pk>/proces-verbal.pdf", views.minutes_pdf, name="pv"),
    path("<int:pk>/proclamer/", views.proclaim, name="proclaim"),
    path("<int:pk>/sieges/<int:seat_pk>/suivant/", views.next_in_line, name="next_in_line"),
]

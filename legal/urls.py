from django.urls import path

from legal import views

app_name = "legal"

urlpatterns = [
    path("mentions-legales/", views.legal_notice, name="notice"),
    path("mentions-legales/<int:pk>/", views.legal_notice, name="notice_of"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("accessibilite/<int:pk>/", views.accessibility, name="accessibility_of"),
    path("donnees-personnelles/", views.privacy, name="privacy"),
    path("donnees-personnelles/<int:pk>/", views.privacy, name="privacy_of"),
    path("informations-legales/<int:pk>/modifier/", views.edit_wording, name="edit"),
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/mes-donnees.json", views.my_data_json, name="my_data_json"),
    path("mes-donnees/mes-donnees.csv", views.my_data_csv, name="my_data_csv"),
]

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import university_views, views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", university_views.LogoutView.as_view(), name="logout"),
    path("universite/cas/", university_views.cas_login, name="cas_login"),
    path("universite/oidc/", university_views.oidc_login, name="oidc_login"),
    path("universite/oidc/retour/", university_views.oidc_callback, name="oidc_callback"),
    path("universite/inconnu/", university_views.university_unknown, name="university_unknown"),
    path("mot-de-passe/oubli/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe/oubli/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("mot-de-passe/changer/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "mot-de-passe/change/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("langue/", views.set_language, name="set_language"),
]

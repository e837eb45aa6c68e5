"""Sign-in and sign-out pages for university accounts (CAS, OpenID Connect)."""

from __future__ import annotations

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django_cas_ng import views as cas_views
from django_cas_ng.models import SessionTicket
from mozilla_django_oidc import views as oidc_views

from accounts import university


def cas_login(request: HttpRequest) -> HttpResponseBase:
    """To the CAS server, then back with a ticket; a ticket for nobody we know: the page that
    says so."""
    if not university.cas_enabled():
        raise Http404
    if request.method != "GET":  # a POST is the server's single logout, not supported here
        return HttpResponse(status=405)
    try:
        response = cas_views.LoginView.as_view()(request)
    except PermissionDenied:
        return redirect("accounts:university_unknown")
    return response


def oidc_login(request: HttpRequest) -> HttpResponseBase:
    if not university.oidc_enabled():
        raise Http404
    response = oidc_views.OIDCAuthenticationRequestView.as_view()(request)
    return response


def oidc_callback(request: HttpRequest) -> HttpResponseBase:
    if not university.oidc_enabled():
        raise Http404
    response = oidc_views.OIDCAuthenticationCallbackView.as_view()(request)
    return response


def university_unknown(request: HttpRequest) -> HttpResponse:
    """A university account the directory does not know: say so, create nothing."""
    return render(
        request,
        "accounts/university_unknown.html",
        {"identity": university.unknown_identity(request)},
        status=403,
    )


class LogoutView(auth_views.LogoutView):
    """Signs out of Conseils and, after a university sign-in, of the university's single
    sign-on too."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        backend = request.session.get(BACKEND_SESSION_KEY, "")
        id_token = request.session.get("oidc_id_token")
        if request.session.session_key:
            SessionTicket.objects.filter(session_key=request.session.session_key).delete()
        response = super().post(request, *args, **kwargs)
        remote = university.remote_logout_url(request, backend, id_token)
        return redirect(remote) if remote else response

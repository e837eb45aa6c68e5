"""The meeting room, mounted under /salle/ (namespace "room")."""

from django.urls import URLPattern, path

from sittings import election_views, projector, views

app_name = "room"

urlpatterns: list[URLPattern] = [
    path("<int:pk>/", views.room_page, name="room"),
    path("<int:pk>/en-direct/", views.live, name="live"),
    path("<int:pk>/etat.json", views.status, name="status"),
    path("<int:pk>/emargement.pdf", views.sign_in_sheet, name="sign_in_sheet"),
    path("<int:pk>/feuille/", views.prepare, name="prepare"),
    path("<int:pk>/feuille/enregistrer/", views.sheet_save, name="sheet"),
    path("<int:pk>/feuille/tous-presents/", views.all_present, name="all_present"),
    path("<int:pk>/je-suis-present/", views.check_in, name="check_in"),
    path("<int:pk>/presences/<int:membership_pk>/", views.presence, name="presence"),
    path("<int:pk>/presences/<int:membership_pk>/mouvement/", views.movement, name="movement"),
    path("<int:pk>/ouvrir/", views.open_sitting, name="open"),
    path("<int:pk>/lever/", views.close_sitting, name="close"),
    path("<int:pk>/reconvoquer/", views.reconvene, name="reconvene"),
    path("<int:pk>/points/<int:item_pk>/notes/", views.notes, name="notes"),
    path("<int:pk>/points/<int:item_pk>/vote/", views.vote_open, name="vote_open"),
    path("<int:pk>/votes/<int:vote_pk>/", views.vote_page, name="vote"),
    path("<int:pk>/votes/<int:vote_pk>/clore/", views.vote_close, name="vote_close"),
    path("<int:pk>/votes/<int:vote_pk>/bulletin/", views.ballot, name="ballot"),
    path("<int:pk>/projection/", projector.projector, name="projector"),
    path("<int:pk>/projection/ecran/", projector.projector_screen, name="projector_screen"),
    path("<int:pk>/orateurs/", projector.speakers, name="speakers"),
    path("<int:pk>/point-en-cours/", projector.current_item, name="current_item"),
    path(
        "<int:pk>/points/<int:item_pk>/scrutin/",
        election_views.election_open,
        name="election_open",
    ),
    path("<int:pk>/scrutins/<int:election_pk>/", election_views.election_page, name="election"),
    path(
        "<int:pk>/scrutins/<int:election_pk>/clore/",
        election_views.election_close,
        name="election_close",
    ),
    path(
        "<int:pk>/scrutins/<int:election_pk>/tour-suivant/",
        election_views.election_next_round,
        name="election_next_round",
    ),
    path(
        "<int:pk>/scrutins/<int:election_pk>/candidats/<int:candidate_pk>/retrait/",
        election_views.election_withdraw,
        name="election_withdraw",
    ),
    path(
        "<int:pk>/scrutins/<int:election_pk>/bulletin/",
        election_views.election_ballot,
        name="election_ballot",
    ),
]

from django.urls import URLPattern, path

from meetings import calendar_act_views, views

app_name = "meetings"

urlpatterns: list[URLPattern] = [
    path("", views.my_calendar, name="my_calendar"),
    path("etablissement/<int:pk>/", views.institution_calendar, name="institution_calendar"),
    path("conseil/<int:pk>/", views.council_calendar, name="council_calendar"),
    path("conseil/<int:pk>/nouvelle/", views.create, name="create"),
    path(
        "conseil/<int:pk>/calendrier-arrete/",
        calendar_act_views.council_calendar_set,
        name="council_calendar_set",
    ),
    path(
        "etablissement/<int:pk>/calendrier-arrete/",
        calendar_act_views.institution_calendar_set,
        name="institution_calendar_set",
    ),
    path(
        "calendriers-arretes/<int:pk>.pdf",
        calendar_act_views.calendar_act_pdf,
        name="calendar_act_pdf",
    ),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/seance.ics", views.meeting_ics, name="ics"),
    path("<int:pk>/deplacer/", views.move, name="move"),
    path("<int:pk>/annuler/", views.cancel, name="cancel"),
    path("<int:pk>/ordre-du-jour/", views.agenda, name="agenda"),
    path("<int:pk>/ordre-du-jour/ajouter/", views.item_add, name="item_add"),
    path("<int:pk>/ordre-du-jour/<int:item_pk>/modifier/", views.item_edit, name="item_edit"),
    path("<int:pk>/ordre-du-jour/<int:item_pk>/retirer/", views.item_delete, name="item_delete"),
    path("<int:pk>/ordre-du-jour/<int:item_pk>/deplacer/", views.item_move, name="item_move"),
    path("<int:pk>/ordre-du-jour/proposer/", views.agenda_submit, name="agenda_submit"),
    path("<int:pk>/ordre-du-jour/arreter/", views.agenda_set, name="agenda_set"),
    path("<int:pk>/ordre-du-jour/rouvrir/", views.agenda_reopen, name="agenda_reopen"),
    path("<int:pk>/pieces/ajouter/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/pieces/<int:attachment_pk>/", views.attachment, name="attachment"),
    path(
        "<int:pk>/pieces/<int:attachment_pk>/retirer/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("<int:pk>/reponse/", views.answer, name="answer"),
    path("<int:pk>/presences/", views.attendance, name="attendance"),
    path("<int:pk>/invites/", views.guests, name="guests"),
    path("abonnements/", views.feeds, name="feeds"),
    path("abonnements/<int:pk>/revoquer/", views.feed_revoke, name="feed_revoke"),
    path("ical/<str:token>.ics", views.feed, name="feed"),
]

from tests.people import World

PEOPLE = [
    "director",
    "head",
    "track_head",
    "president",
    "member",
    "student",
    "outsider",
    "anonymous",
]

AUDIENCE = {
    "home": "public",
    "health": "public",
    "source_document": "public",
    "accounts:login": "anonymous_only",
    "accounts:logout": "post_only",
    "accounts:set_language": "post_only",
    "accounts:password_reset": "public",
    "accounts:password_reset_done": "public",
    "accounts:password_reset_confirm": "public",
    "accounts:password_reset_complete": "public",
    "accounts:password_change": "signed_in",
    "accounts:password_change_done": "signed_in",
    "admin:index": "staff",
    # University sign-in: absent (404) until CAS_SERVER_URL / OIDC_RP_CLIENT_ID switch it on.
    "accounts:cas_login": "nobody",
    "accounts:oidc_login": "nobody",
    "accounts:oidc_callback": "nobody",
    "accounts:university_unknown": {person: {403} for person in PEOPLE},
}


def kwargs(w: World) -> dict[str, dict[str, object]]:
    return {
        "source_document": {"name": "inspe-aix-marseille-cper.fr"},
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
    }

from tests.people import World

AUDIENCE = {
    "legal:notice": "public",
    "legal:notice_of": "public",
    "legal:accessibility": "public",
    "legal:accessibility_of": "public",
    "legal:privacy": "public",
    "legal:privacy_of": "public",
    "legal:edit": "director",
    "legal:my_data": "signed_in",
    "legal:my_data_json": "signed_in",
    "legal:my_data_csv": "signed_in",
}


def kwargs(w: World) -> dict[str, dict[str, object]]:
    pk: dict[str, object] = {"pk": w.institution.pk}
    return {
        "legal:notice_of": pk,
        "legal:accessibility_of": pk,
        "legal:privacy_of": pk,
        "legal:edit": pk,
    }

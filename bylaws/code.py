"""How the product names the Code de l’éducation when it cites it.

One spelling, with the typographic apostrophe as the French administration prints it
(Légifrance, the Journal officiel). Quoted law text keeps the shipped Code's own characters.
"""

CODE = "Code de l’éducation"


def cite_article(number: str) -> str:
    """« Code de l’éducation, art. D. 721-6 », as a lawyer cites an article."""
    return f"{CODE}, art. {number}"

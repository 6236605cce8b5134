import unicodedata


def fold(text: str) -> str:
    """Lower-case `text` without Vietnamese diacritics ("Đặng Thị Hà" -> "dang thi ha").

    Stored beside names so that search matches however the user types, with or
    without accents, on SQLite and PostgreSQL alike.
    """
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())

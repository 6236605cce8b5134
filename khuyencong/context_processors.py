from django.conf import settings


def portal(request):
    """The issuing agency's names, for the header, footer and documents."""
    return {"PORTAL": settings.PORTAL}

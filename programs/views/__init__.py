"""The programme's staff pages (/staff/, /staff/plans/, /staff/projects/).

Each module declares its own `urlpatterns`; programs/urls.py puts them together.
"""

"""The staff workspace (/staff/): establishments, plans, projects, imports.

Each module declares its own `urlpatterns`; programs/urls.py puts them together.
"""

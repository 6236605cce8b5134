"""Accounts (/accounts/) and the staff registry (/staff/establishments/, imports, verification).

Each staff module declares its own `urlpatterns`; beneficiaries/urls.py puts them together.
"""

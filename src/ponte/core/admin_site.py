"""The admin is the secretariat's: only its members, signed in with a second factor, get in."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class PonteAdminSite(admin.AdminSite):
    site_header = _("Ponte administration")
    site_title = _("Ponte administration")
    index_title = _("Secretariat")

    def has_permission(self, request: HttpRequest) -> bool:
        from ponte.core.middleware import staff_needs_second_factor  # needs the app registry

        user = request.user
        return bool(
            user.is_active
            and user.has_perm("core.access_admin")
            and user.is_staff
            and not staff_needs_second_factor(user)
        )


class PonteAdminConfig(AdminConfig):
    default_site = "ponte.core.admin_site.PonteAdminSite"

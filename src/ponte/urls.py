"""The site's URLs: every page under a language prefix (/en/, /ar/, …)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from ponte.api import api
from ponte.core.language import switch_language

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/", switch_language, name="switch_language"),
    path("api/v1/", api.urls),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("account/", include("allauth.urls")),
    path("membership/", include("ponte.membership.urls")),
    path("meetings/", include("ponte.meetings.urls")),
    path("stats/", include("ponte.stats.urls")),
    path("partnerships/", include("ponte.partnerships.urls")),
    path("funds/", include("ponte.funds.urls")),
    path("sponsorship/", include("ponte.sponsorship.urls")),
    path("opportunities/", include("ponte.opportunities.urls")),
    path("standards/", include("ponte.standards.urls")),
    path("qa/", include("ponte.qa.urls")),
    path("conformity/", include("ponte.conformity.urls")),
    path("experts/", include("ponte.experts.urls")),
    path("innovation/", include("ponte.innovation.urls")),
    path("my/", include("ponte.portal.urls")),
    path("search/", include("ponte.search.urls")),
    path("outreach/", include("ponte.outreach.urls")),
    path("privacy/", include("ponte.privacy.urls")),
    path("api-tokens/", include("ponte.tokens.urls")),
    path("", include("ponte.core.urls")),
    prefix_default_language=True,
)

handler500 = "ponte.core.errors.server_error"

"""Partnership pages: each feature module defines its own ``urlpatterns``."""

"""Pages of meetings: registrations and check-in, fellowships, contributions, leadership (one module each)."""

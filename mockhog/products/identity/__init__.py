"""Who is asking: projects, organizations, users, personal API keys, and the access rules."""

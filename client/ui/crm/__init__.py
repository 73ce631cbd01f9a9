"""The CRM workspaces: front desk (visits, rotation), consultant (my customers, follow-ups), manager (channels)."""

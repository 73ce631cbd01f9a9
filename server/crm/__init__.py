"""CRM domain: customers, follow-ups, visits, rotation, channel reports, attribution, import/export, jobs."""

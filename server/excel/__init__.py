"""Excel templates and row-by-row validated imports (openpyxl)."""

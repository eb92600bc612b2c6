"""Plan import from spreadsheets and structured files (docs/plan-spreadsheet.md)."""

"""The quarterly evaluation report (HTML + PDF, zh/en), the static dashboard and the Excel
scorecard, all read from the published warehouse only. ``build`` is the entry point."""

"""Parts of the Side effects page: entry form, log table, filter, chart, undo commands."""

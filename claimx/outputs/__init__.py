"""What goes out: JSON and JSON Lines, flat rows (CSV, TSV, Parquet), the HTML report, the
terminal view, and the one atomic writer they share."""

"""Rendering: charts (Plotly) now; the map canvas and file exports join later."""

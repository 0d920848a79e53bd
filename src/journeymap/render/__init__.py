"""Rendering: charts (Plotly) and journey-map exports, one module per format."""

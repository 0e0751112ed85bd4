"""Headless tools around the window: screenshots and GUI benchmarks (they drive the
real window, so they sit above the views)."""

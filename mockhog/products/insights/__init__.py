"""Insights and the query API: HogQL translated to the embedded engine, trends, funnels, retention, results
on tiles.
"""

"""Credit scoring: risk events from analysed articles, the rulebook, explainable as-of ratings in Elasticsearch.

Modules: `rulebook` (config/scoring.yaml), `events` (merging, officer actions), `rating` (the pure
`rate()`), `jobs` (`update_events`, `rerate`: the daemon's jobs), `cli` (`ipwatch rate|rating|events`).
"""

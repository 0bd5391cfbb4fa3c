"""The shell: the `ipwatch` command, the daemon, its HTTP endpoints, the demo and the Kibana objects.
It imports the pipeline's steps (crawlers, nlp, scoring, alerts) like any caller; nothing imports it."""

"""The risk officers' web console (issue 18): a Chinese-language, server-rendered Flask application
served by waitress, started by the daemon (`ipwatch run`) and standalone (`ipwatch console`).

It is part of the shell: it calls the steps' own officer functions (alerts' duty and finding moves,
scoring's event actions and re-rating) and the core's audit trail, and nothing in the steps or the
core imports it. `web` builds the app (sign-in, CSRF, roles, headers), `auth` signs in with a rate
limit, `accounts` keeps the users, `pages`/`pages_more` are the pages, `queries` what they read,
`report` the draft 重大事项报告, `server` the HTTP server that also answers the daemon's probes.
"""

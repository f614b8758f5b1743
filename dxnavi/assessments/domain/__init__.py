"""Pure questionnaire logic: pack structure and validation, scoring strategies, results, peers.

Nothing here touches the database or the request, so every rule can be tested with plain
dicts and reused by jobs, views and the PDF alike.
"""

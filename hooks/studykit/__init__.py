"""Pure cores of the study site's MkDocs hooks (no MkDocs imports here).

The base modules in this folder (Markdown source and findings, reporting, the
result cache, background work) are used by the three packages below them:
``checker`` (kubectl and manifests), ``learning`` (quizzes, flashcards,
progress, glossary) and ``site`` (diagrams, offline, minify, lessons, assets).
``site_check`` and ``cli`` are the two doors that run every check of a site.
The map: ``docs/contributing/architecture.md``.
"""

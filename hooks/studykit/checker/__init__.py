"""The checker: every kubectl command, shell block and manifest of a page, checked offline.

Shell parsing (``shell_parse``), the page plan (``k8scheck_plan``), the real
kubectl in its sandbox (``kubectl_check``, ``kubectl_sandbox``) against a
loopback discovery server (``k8s_discovery``), and manifests against the pinned
schemas and the API server's rules (``k8s_schemas``, ``manifest_check``,
``manifest_rules``); ``k8scheck.Checker`` runs them over ``{path: text}``.
"""

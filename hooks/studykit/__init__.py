"""Pure cores of the study site's MkDocs hooks (no MkDocs imports here)."""

-- Placeholder: the audit owner role (filled in by the audit hardening change).
SELECT 1;

-- V015: API tokens may carry read:metrics, the scope that lets a Prometheus server read
-- GET /metrics.

ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_scopes_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_scopes_check CHECK (
    cardinality(scopes) > 0
    AND scopes <@ ARRAY['write:readings', 'write:predictions', 'read:all', 'read:metrics']::TEXT[]);

-- The province receiver's schema, version 1. Everything the receiver knows is here or in the file
-- store: any number of receiver processes may share this database.

-- Desks enrolled with a one-time token from IT. The secret is kept only as its SHA-256.
CREATE TABLE desks (
  id text PRIMARY KEY,
  name text NOT NULL,
  unit_code text NOT NULL,
  role text NOT NULL CHECK (role IN ('officer', 'supervisor')),
  secret_hash text NOT NULL,
  enrolled_at timestamptz NOT NULL,
  revoked_at timestamptz,
  -- Every seq <= this one is held in inbox.
  contiguous_seq bigint NOT NULL DEFAULT 0,
  last_skew_ms bigint NOT NULL DEFAULT 0
);

CREATE TABLE enrollment_tokens (
  token_hash text PRIMARY KEY,
  unit_code text NOT NULL,
  role text NOT NULL CHECK (role IN ('officer', 'supervisor')),
  note text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  expires_at timestamptz,
  used_at timestamptz,
  used_by text REFERENCES desks(id),
  revoked_at timestamptz
);

-- Every outbox item ever received, keyed by (desk, seq): written in the same transaction as its
-- effect, so a redelivered item is recognised and never applied twice.
CREATE TABLE inbox (
  desk_id text NOT NULL REFERENCES desks(id),
  seq bigint NOT NULL,
  item_id uuid NOT NULL,
  kind text NOT NULL,
  entity_id text NOT NULL,
  desk_at timestamptz NOT NULL,
  ordered_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
  code text,
  message text,
  PRIMARY KEY (desk_id, seq)
);

-- A dossier by its upstream key (unit, code). Fields and their stamps are last-writer-wins per
-- field: stamps[field] = {t, o, s} of the change that wrote it.
CREATE TABLE dossiers (
  unit_code text NOT NULL,
  code text NOT NULL,
  fields jsonb NOT NULL DEFAULT '{}',
  stamps jsonb NOT NULL DEFAULT '{}',
  -- The portal knows this dossier (a create succeeded, or a lookup found it).
  upstream_known boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (unit_code, code)
);

-- The dossier's history, append-only (one row per event, by the desk's or upstream's event id).
CREATE TABLE dossier_events (
  id text PRIMARY KEY,
  unit_code text NOT NULL,
  code text NOT NULL,
  origin text NOT NULL,
  status int NOT NULL,
  at timestamptz NOT NULL,
  ordered_at timestamptz NOT NULL,
  seq bigint NOT NULL,
  data jsonb NOT NULL,
  FOREIGN KEY (unit_code, code) REFERENCES dossiers(unit_code, code)
);
CREATE INDEX dossier_events_by_dossier ON dossier_events (unit_code, code, ordered_at);

-- The file on each component of a dossier, last-writer-wins per component.
CREATE TABLE component_files (
  unit_code text NOT NULL,
  code text NOT NULL,
  component_code text NOT NULL,
  data jsonb NOT NULL,
  stamp jsonb NOT NULL,
  PRIMARY KEY (unit_code, code, component_code),
  FOREIGN KEY (unit_code, code) REFERENCES dossiers(unit_code, code)
);

-- Guided submissions, messages, catalog entries, calendars: whole records, last-writer-wins.
CREATE TABLE records (
  kind text NOT NULL,
  entity_id text NOT NULL,
  unit_code text,
  data jsonb NOT NULL,
  stamp jsonb NOT NULL,
  PRIMARY KEY (kind, entity_id)
);

-- What desks pull. Rows are inserted only under the change lock (advisory), so ids become visible
-- in order and a cursor never skips a row committed late.
CREATE TABLE changes (
  id bigserial PRIMARY KEY,
  origin text NOT NULL,
  unit_code text,
  kind text NOT NULL,
  entity_key text NOT NULL,
  at timestamptz NOT NULL,
  payload jsonb NOT NULL
);
CREATE INDEX changes_by_unit ON changes (unit_code, id);

-- Files verified by SHA-256 and served at /files/:sha256.
CREATE TABLE files (
  sha256 text PRIMARY KEY,
  size bigint NOT NULL,
  content_type text NOT NULL,
  stored_at timestamptz NOT NULL
);

-- The relay to the national portal: one pending job per dossier ('dossier') and one per history
-- step ('progress'). At least once: a job is done only after the portal answered success. A job
-- being sent is 'running' while its sender holds the dossier's advisory lock (a crashed sender's
-- lock ends with its session, and the job is taken up again).
CREATE TABLE relay_jobs (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('dossier', 'progress')),
  unit_code text NOT NULL,
  code text NOT NULL,
  event_id text,
  state text NOT NULL CHECK (state IN ('pending', 'running', 'done')),
  attempts int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  created_at timestamptz NOT NULL,
  done_at timestamptz
);
CREATE UNIQUE INDEX relay_one_pending_dossier ON relay_jobs (unit_code, code) WHERE kind = 'dossier' AND state = 'pending';
CREATE UNIQUE INDEX relay_one_job_per_event ON relay_jobs (event_id) WHERE kind = 'progress';
CREATE INDEX relay_due ON relay_jobs (next_attempt_at) WHERE state = 'pending';

-- Every call to the portal and its answer.
CREATE TABLE relay_log (
  id bigserial PRIMARY KEY,
  job_id bigint REFERENCES relay_jobs(id),
  service text NOT NULL,
  request jsonb NOT NULL,
  http_status int,
  response jsonb,
  error text,
  at timestamptz NOT NULL
);

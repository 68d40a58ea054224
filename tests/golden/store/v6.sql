-- Version 6 of the results database: the layout drsim wrote before costs
-- (the trial table's outage_cost, the variant table's currency, monthly_cost
-- and outages_per_year, the cost table; tests/unit/store/store.c migrates it).
CREATE TABLE scenario (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  sha256      TEXT NOT NULL UNIQUE,
  source      TEXT NOT NULL,
  description TEXT
);
CREATE TABLE run (
  id          INTEGER PRIMARY KEY,
  scenario_id INTEGER NOT NULL REFERENCES scenario(id),
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  seed        INTEGER NOT NULL,
  trials      INTEGER NOT NULL,
  version     TEXT NOT NULL,
  argv        TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('running','done','failed')),
  trial_first INTEGER NOT NULL DEFAULT 0,
  trial_end   INTEGER NOT NULL,
  shard_index INTEGER NOT NULL DEFAULT 1,
  shard_count INTEGER NOT NULL DEFAULT 1,
  trace       INTEGER NOT NULL DEFAULT 0,
  variants    TEXT,
  error       TEXT,
  host        TEXT,
  pid         INTEGER,
  merged_from TEXT,
  stopped     TEXT
);
CREATE TABLE variant (
  id       INTEGER PRIMARY KEY,
  run_id   INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
  idx      INTEGER NOT NULL,
  name     TEXT NOT NULL,
  strategy TEXT,
  params   TEXT NOT NULL DEFAULT '{}',
  UNIQUE (run_id, idx)
);
CREATE TABLE trial (
  run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
  variant_id  INTEGER NOT NULL REFERENCES variant(id) ON DELETE CASCADE,
  trial       INTEGER NOT NULL,
  rpo_s               REAL,
  rto_s               REAL,
  degraded_s          REAL,
  read_only_s         REAL,
  fully_down_s        REAL,
  serving_rto_s       REAL,
  client_downtime_s   REAL,
  client_downtime_p95_s REAL,
  write_downtime_s    REAL,
  read_downtime_s     REAL,
  data_loss_writes    INTEGER,
  data_loss_bytes     INTEGER,
  write_conflicts     INTEGER,
  data_lost_all       INTEGER,
  failed_over         INTEGER,
  consistent          INTEGER,
  app_consistent      INTEGER,
  disrupted           INTEGER,
  drill_rto_s         REAL,
  consistency TEXT,
  PRIMARY KEY (variant_id, trial)
) WITHOUT ROWID;
CREATE TABLE event (
  run_id     INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
  variant_id INTEGER NOT NULL REFERENCES variant(id) ON DELETE CASCADE,
  trial      INTEGER NOT NULL,
  seq        INTEGER NOT NULL,
  t_s        REAL NOT NULL,
  t_us       INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  subject    TEXT NOT NULL DEFAULT '',
  detail     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (variant_id, trial, seq)
) WITHOUT ROWID;
CREATE TABLE expectation (
  id           INTEGER PRIMARY KEY,
  run_id       INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
  variant_id   INTEGER NOT NULL REFERENCES variant(id) ON DELETE CASCADE,
  metric       TEXT NOT NULL,
  stat         TEXT NOT NULL,
  op           TEXT NOT NULL,
  threshold    REAL NOT NULL,
  observed     REAL,
  pass         INTEGER NOT NULL,
  target       TEXT,
  text         TEXT,
  missed_share REAL,
  line         INTEGER,
  verdict      TEXT NOT NULL
               CHECK (verdict IN ('pass', 'fail', 'inconclusive')),
  level        REAL,
  observed_lo  REAL,
  observed_hi  REAL,
  given        TEXT
);
CREATE INDEX run_scenario ON run(scenario_id, seed);
CREATE INDEX variant_run ON variant(run_id);
CREATE INDEX expectation_run ON expectation(run_id);
CREATE VIEW trial_metric AS
  SELECT run_id, variant_id, trial, 'rpo' AS metric, rpo_s AS value FROM trial
  UNION ALL SELECT run_id, variant_id, trial, 'rto' AS metric, rto_s AS value FROM trial
  UNION ALL SELECT run_id, variant_id, trial, 'degraded' AS metric, degraded_s AS value FROM trial
  UNION ALL SELECT run_id, variant_id, trial, 'read_only' AS metric, read_only_s AS value FROM trial
  UNION ALL SELECT run_id, variant_id, trial, 'fully_down' AS metric, fully_down_s AS value FROM trial
  UNION ALL SELECT run_id, variant_id, trial, 'serving_rto' AS metric, serving_rto_s AS value FROM trial
  UNION ALL SELECT run_id, variant_id, trial, 'client_downtime' AS metric, client_downtime_s AS value FROM trial
  UNION ALL SELECT run_id, variant_id, trial, 'client_downtime_p95' AS metric, client_downtime_p95_s AS value FROM trial
  UNION ALL SELECT run_id, variant_id, trial, 'write_downtime' AS metric, write_downtime_s AS value FROM trial
  UNION ALL SELECT run_id, variant_id, trial, 'read_downtime' AS metric, read_downtime_s AS value FROM trial
  UNION ALL SELECT run_id, variant_id, trial, 'data_loss_writes' AS metric, data_loss_writes AS value FROM trial
  UNION ALL SELECT run_id, variant_id, trial, 'data_loss_bytes' AS metric, data_loss_bytes AS value FROM trial
  UNION ALL SELECT run_id, variant_id, trial, 'write_conflicts' AS metric, write_conflicts AS value FROM trial
  UNION ALL SELECT run_id, variant_id, trial, 'data_lost_all' AS metric, data_lost_all AS value FROM trial
  UNION ALL SELECT run_id, variant_id, trial, 'failed_over' AS metric, failed_over AS value FROM trial
  UNION ALL SELECT run_id, variant_id, trial, 'consistent' AS metric, consistent AS value FROM trial
  UNION ALL SELECT run_id, variant_id, trial, 'app_consistent' AS metric, app_consistent AS value FROM trial
  UNION ALL SELECT run_id, variant_id, trial, 'disrupted' AS metric, disrupted AS value FROM trial
  UNION ALL SELECT run_id, variant_id, trial, 'drill_rto' AS metric, drill_rto_s AS value FROM trial;
INSERT INTO scenario VALUES (1, 'older', 'def', 'drsim: 1
name: older
', NULL);
INSERT INTO run VALUES (1, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', 7, 3,
  '0.1.0', '["drsim","run"]', 'done', 0, 3, 1, 1, 1, NULL, NULL, 'host', 42, NULL, NULL);
INSERT INTO variant VALUES (1, 1, 0, 'wait', 'wait', '{"strategy":"wait"}');
INSERT INTO trial VALUES
  (1, 1, 0, 0.0, 7447.5, 120.0, 0.0, 7327.5, 7327.5, 7447.5, 7447.5, 0.0, 0.0, 0, 0, 0, 0, 0, 1, 0, 1, NULL, NULL),
  (1, 1, 1, NULL, NULL, 0.0, 0.0, NULL, NULL, NULL, NULL, 0.0, 0.0, 12, 4096, 0, 1, 0, 1, 0, 1, NULL, NULL),
  (1, 1, 2, 0.0, 7487.0, 0.0, 0.0, 7487.0, 7487.0, 7487.0, 7487.0, 0.0, 0.0, 0, 0, 0, 0, 0, 1, 0, 1, NULL, NULL);
INSERT INTO event VALUES (1, 1, 0, 0, 3600.0, 3600000000, 'outage_start', 'westeurope',
  'region');
INSERT INTO expectation VALUES
  (1, 1, 1, 'rto', 'p50', '<=', 10800.0, 7447.5, 1, 'wait', '<= 3h', 0.0, 9, 'pass', 0.95, 7000.0, 7500.0, NULL),
  (2, 1, 1, 'rpo', 'p99', '<=', 60.0, 1e999, 0, 'wait', '<= 1m', 0.333, 10, 'fail', NULL, NULL, NULL, NULL);
PRAGMA user_version = 6;
PRAGMA application_id = 1685222253;

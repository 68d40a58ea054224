-- Version 1 of the results database, the first and minimal layout: what an
-- older database holds (tests/unit/store/store.c migrates it; the store fuzz target
-- starts from it too).
CREATE TABLE scenario (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
  sha256 TEXT NOT NULL UNIQUE, source TEXT NOT NULL);
CREATE TABLE run (id INTEGER PRIMARY KEY, scenario_id INTEGER NOT NULL,
  started_at TEXT NOT NULL, finished_at TEXT, seed INTEGER NOT NULL,
  trials INTEGER NOT NULL, version TEXT NOT NULL, argv TEXT NOT NULL,
  status TEXT NOT NULL);
CREATE TABLE variant (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL,
  name TEXT NOT NULL, params TEXT);
CREATE TABLE trial (run_id INTEGER, variant_id INTEGER, trial INTEGER,
  rpo_s REAL, rto_s REAL, client_downtime_s REAL, data_loss_writes INTEGER,
  data_loss_bytes INTEGER, data_lost_all INTEGER, failed_over INTEGER,
  consistent INTEGER);
CREATE TABLE event (run_id INTEGER, variant_id INTEGER, trial INTEGER, t_s REAL,
  kind TEXT, subject TEXT, detail TEXT);
CREATE TABLE expectation (run_id INTEGER, variant_id INTEGER, metric TEXT, op TEXT,
  threshold REAL, observed REAL, pass INTEGER);
INSERT INTO scenario VALUES (1, 'old', 'abc', 'drsim: 1
name: old
');
INSERT INTO run VALUES (1, 1, '2024-01-01T00:00:00Z', '2024-01-01T00:01:00Z', 7, 3,
  '0.0.9', '["drsim","run"]', 'done');
INSERT INTO variant VALUES (10, 1, 'wait', '{}'), (11, 1, 'asr', NULL);
INSERT INTO trial VALUES (1, 10, 0, 0, 3600, NULL, 0, 0, 0, 0, NULL),
  (1, 10, 1, NULL, NULL, NULL, 5, 100, 1, 0, NULL),
  (1, 10, 2, 60, 4000, NULL, 1, 10, 0, 0, NULL),
  (1, 11, 0, 30, 1800, 1830, 2, 20, 0, 1, 1);
INSERT INTO event VALUES (1, 10, 0, 0.0, 'outage_start', 'westeurope', ''),
  (1, 10, 0, 300.5, 'detected', 'monitor', 'after 5m'),
  (1, 10, 0, 3600.0, 'recovered', 'shop', NULL);
INSERT INTO expectation VALUES (1, 11, 'rpo.p99', '<=', 900, 30, 1);
PRAGMA user_version = 1;

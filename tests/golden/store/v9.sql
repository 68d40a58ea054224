-- Version 9 of the results database: the layout drsim wrote before drills
-- (drsim drill); a run of 3 trials (tests/unit/store/store.c migrates it).
CREATE TABLE scenario (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  sha256      TEXT NOT NULL UNIQUE,
  source      TEXT NOT NULL,
  description TEXT
);
INSERT INTO scenario VALUES(1,'drill-older','9f7a6885c6c9bf5ee50816e716fba88f6667bd04da007cb1971718110c0dd174',replace('drsim: 1\nname: drill-older\nseed: 7\ntrials: 3\nhorizon: 2d\nstorage:\n  - name: data\n    region: westeurope\n    redundancy: GRS\n    writes: { rate: 1/s }\nvms:\n  - { name: api, count: 2, region: westeurope }\napps:\n  - { name: shop, tiers: [api], data: [data] }\nstrategies:\n  - { name: wait, kind: wait }\noutages:\n  - { region: westeurope, at: 1h, duration: 4h }\n','\n',char(10)),'');
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
INSERT INTO run VALUES(1,1,'2026-12-04T18:59:38Z','2026-12-04T18:59:38Z',7,3,'0.1.0','["drsim","run","older.yaml","--db","v9.db","--quiet"]','done',0,3,1,1,0,NULL,NULL,'vm',19556,NULL,NULL);
CREATE TABLE variant (
  id       INTEGER PRIMARY KEY,
  run_id   INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
  idx      INTEGER NOT NULL,
  name     TEXT NOT NULL,
  strategy TEXT,
  params   TEXT NOT NULL DEFAULT '{}',
  currency TEXT,
  monthly_cost REAL,
  outages_per_year REAL,
  destroyed_per_year REAL,
  UNIQUE (run_id, idx)
);
INSERT INTO variant VALUES(1,1,0,'wait','wait','{"strategy":"wait"}','USD',197.02600195312498954,0.2000000000000000111,0.0);
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
  outage_cost         REAL,
  destroyed           INTEGER,
  consistency TEXT,
  stratum     INTEGER,
  PRIMARY KEY (variant_id, trial)
) WITHOUT ROWID;
INSERT INTO trial VALUES(1,1,0,0.0,14602.210127000000284,0.0,0.0,14602.210127000000284,14602.210127000000284,14602.210127000000284,14602.210127000000284,14400.0,14400.0,0,0,0,0,0,1,0,1,NULL,NULL,0,NULL,NULL);
INSERT INTO trial VALUES(1,1,1,0.0,14466.629408999999214,0.0,0.0,14466.629408999999214,14466.629408999999214,14466.629408999999214,14466.629408999999214,14400.0,14400.0,0,0,0,0,0,1,0,1,NULL,NULL,0,NULL,NULL);
INSERT INTO trial VALUES(1,1,2,0.0,14471.229611000000659,0.0,0.0,14471.229611000000659,14471.229611000000659,14471.229611000000659,14471.229611000000659,14400.0,14400.0,0,0,0,0,0,1,0,1,NULL,NULL,0,NULL,NULL);
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
CREATE TABLE stratum (
  run_id      INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
  idx         INTEGER NOT NULL,
  probability REAL NOT NULL,
  share       REAL NOT NULL,
  label       TEXT NOT NULL,
  PRIMARY KEY (run_id, idx)
) WITHOUT ROWID;
CREATE TABLE cost (
  run_id     INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
  variant_id INTEGER NOT NULL REFERENCES variant(id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  item       TEXT NOT NULL,
  quantity   REAL,
  unit       TEXT NOT NULL,
  unit_price REAL,
  monthly    REAL,
  PRIMARY KEY (variant_id, seq)
) WITHOUT ROWID;
INSERT INTO cost VALUES(1,1,0,'storage data: GRS',1024.0,'GiB-month',0.035999999999999997279,36.863999999999997215);
INSERT INTO cost VALUES(1,1,1,'storage data: geo-replication transfer',40.10009765625,'GiB',0.020000000000000000416,0.802001953125);
INSERT INTO cost VALUES(1,1,2,'VMs api: instances',1460.0,'instance-hour',0.096000000000000001998,140.15999999999999659);
INSERT INTO cost VALUES(1,1,3,'VMs api: standard managed disks',256.0,'GiB-month',0.074999999999999997224,19.199999999999999289);
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
  UNION ALL SELECT run_id, variant_id, trial, 'drill_rto' AS metric, drill_rto_s AS value FROM trial
  UNION ALL SELECT run_id, variant_id, trial, 'outage_cost' AS metric, outage_cost AS value FROM trial
  UNION ALL SELECT run_id, variant_id, trial, 'destroyed' AS metric, destroyed AS value FROM trial;
PRAGMA user_version = 9;
PRAGMA application_id = 1685222253;

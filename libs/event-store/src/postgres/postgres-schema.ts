/** The table of the PostgreSQL event store, in a schema of its own choosing (`public` by default). */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema))
    throw new Error(`postgres event store: schema ${JSON.stringify(schema)} is not a plain lower-case name`);
}

/**
 * `position` is assigned by the appender while it holds the store's append lock (postgres-event-store.ts),
 * not by a sequence: positions are then gap-free and commit in order. jsonb: the data is queried (history
 * trimming) and never needs its original spelling; timestamptz keeps the time zone out of the question.
 */
export const createTables = (schema: string) => `
CREATE SCHEMA IF NOT EXISTS ${schema};
CREATE TABLE IF NOT EXISTS ${schema}.events (
  position    bigint      PRIMARY KEY,
  event_id    text        NOT NULL UNIQUE,
  stream_id   text        NOT NULL,
  revision    integer     NOT NULL,
  type        text        NOT NULL,
  version     integer     NOT NULL,
  data        jsonb       NOT NULL,
  metadata    jsonb       NOT NULL,
  recorded_at timestamptz NOT NULL,
  UNIQUE (stream_id, revision)
);`;

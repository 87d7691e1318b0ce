/**
 * The schema, as numbered migrations applied in order (see migrate.ts). One set for PGlite and PostgreSQL.
 * A migration, once released, is never edited: a change is a new migration.
 *
 * Distribution by insurer: every table whose rows belong to an insurer has `insurer_number` as the first
 * column of its primary key and of every foreign key between such tables, so the data can later be sharded by
 * `insurer_number` on a PostgreSQL-compatible distributed engine (e.g. Citus `create_distributed_table(…,
 * 'insurer_number')`) with all of one insurer's rows, and every join between them, on one node. The small
 * organisation tables (insurers, providers, staff) would become reference tables copied to every node.
 *
 * Dates are `date` (read back as 'YYYY-MM-DD'), instants `timestamptz`; the platform's records are `jsonb`
 * per section of the 被保険者証 and validated by zod on every read.
 */

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** One statement per entry (PGlite's extended protocol runs one statement per call). */
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'platform records, organisations, feeds and change events',
    statements: [
      `CREATE TABLE insurers (
        insurer_number text PRIMARY KEY CHECK (insurer_number ~ '^[0-9]{6}$'),
        name text NOT NULL,
        prefecture text NOT NULL,
        platform_live_from date
      )`,
      `CREATE TABLE providers (
        provider_number text PRIMARY KEY CHECK (provider_number ~ '^[0-9]{10}$'),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('careManagementOffice', 'serviceProvider')),
        service_kinds jsonb NOT NULL,
        area_grade integer NOT NULL CHECK (area_grade BETWEEN 1 AND 8),
        address text NOT NULL
      )`,
      `CREATE TABLE staff (
        staff_id text PRIMARY KEY,
        provider_number text NOT NULL REFERENCES providers (provider_number),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('helper', 'careManager', 'admin'))
      )`,
      `CREATE INDEX staff_by_provider ON staff (provider_number)`,
      `CREATE TABLE insured (
        insurer_number text NOT NULL REFERENCES insurers (insurer_number),
        insured_number text NOT NULL CHECK (insured_number ~ '^[0-9]{10}$'),
        identity jsonb NOT NULL,
        eligibility jsonb NOT NULL,
        burden_ratio jsonb NOT NULL,
        cost_limit_certification jsonb,
        certification jsonb,
        home_modification jsonb NOT NULL,
        welfare_equipment_purchases jsonb NOT NULL,
        source jsonb NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (insurer_number, insured_number)
      )`,
      // Every content the record had before a change, with its provenance (e.g. a paper entry replaced by platform data).
      `CREATE TABLE insured_history (
        insurer_number text NOT NULL,
        insured_number text NOT NULL,
        version integer NOT NULL,
        content jsonb NOT NULL,
        source jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        replaced_at timestamptz NOT NULL,
        replaced_by_feed_id bigint,
        PRIMARY KEY (insurer_number, insured_number, version),
        FOREIGN KEY (insurer_number, insured_number) REFERENCES insured (insurer_number, insured_number)
      )`,
      `CREATE TABLE documents (
        insurer_number text NOT NULL,
        document_id text NOT NULL,
        insured_number text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('doctorOpinion', 'assessmentSurvey')),
        body jsonb NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (insurer_number, document_id),
        FOREIGN KEY (insurer_number, insured_number) REFERENCES insured (insurer_number, insured_number)
      )`,
      `CREATE INDEX documents_by_insured ON documents (insurer_number, insured_number)`,
      `CREATE TABLE provider_links (
        insurer_number text NOT NULL,
        insured_number text NOT NULL,
        provider_number text NOT NULL REFERENCES providers (provider_number),
        PRIMARY KEY (insurer_number, insured_number, provider_number),
        FOREIGN KEY (insurer_number, insured_number) REFERENCES insured (insurer_number, insured_number)
      )`,
      `CREATE INDEX provider_links_by_provider ON provider_links (provider_number)`,
      `CREATE TABLE feed_uploads (
        insurer_number text NOT NULL REFERENCES insurers (insurer_number),
        feed_id bigserial NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        file_name text NOT NULL,
        encoding text NOT NULL,
        records integer NOT NULL,
        inserted integer NOT NULL,
        updated integer NOT NULL,
        unchanged integer NOT NULL,
        change_events integer NOT NULL,
        -- The earlier upload of the same bytes, when this one repeats it.
        duplicate_of bigint,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (insurer_number, feed_id)
      )`,
      `CREATE INDEX feed_uploads_by_sha256 ON feed_uploads (insurer_number, sha256)`,
      `CREATE TABLE change_events (
        insurer_number text NOT NULL,
        event_id bigserial NOT NULL,
        insured_number text NOT NULL,
        detail jsonb NOT NULL,
        recorded_at timestamptz NOT NULL,
        feed_id bigint,
        PRIMARY KEY (insurer_number, event_id),
        FOREIGN KEY (insurer_number, insured_number) REFERENCES insured (insurer_number, insured_number),
        FOREIGN KEY (insurer_number, feed_id) REFERENCES feed_uploads (insurer_number, feed_id)
      )`,
      `CREATE INDEX change_events_by_insured ON change_events (insurer_number, insured_number, event_id)`,
      `CREATE INDEX change_events_by_id ON change_events (event_id)`,
      // Only the SHA-256 of a feed token is stored: a leaked table does not let anyone upload.
      `CREATE TABLE feed_credentials (
        insurer_number text NOT NULL REFERENCES insurers (insurer_number),
        token_sha256 text NOT NULL CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
        label text NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (insurer_number, token_sha256)
      )`,
      `CREATE UNIQUE INDEX feed_credentials_by_token ON feed_credentials (token_sha256)`,
    ],
  },
];

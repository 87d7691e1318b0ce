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
  {
    version: 2,
    name: 'devices, staff sign-in, sessions and the audit log',
    statements: [
      `ALTER TABLE staff ADD COLUMN retired_at timestamptz`,
      // The office's 電子請求 client certificate, for expiry warnings (90/60/30/15/7 days).
      `ALTER TABLE providers ADD COLUMN certificate_expires_at date`,
      // Staff PINs (the second factor where no passkey can be made): a scrypt hash, never the PIN.
      `CREATE TABLE staff_pins (
        staff_id text PRIMARY KEY REFERENCES staff (staff_id),
        pin_hash text NOT NULL,
        failed_attempts integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        updated_at timestamptz NOT NULL
      )`,
      `CREATE TABLE devices (
        device_id text PRIMARY KEY,
        provider_number text NOT NULL REFERENCES providers (provider_number),
        name text NOT NULL,
        public_key jsonb NOT NULL,
        enrolled_by text NOT NULL REFERENCES staff (staff_id),
        enrolled_at timestamptz NOT NULL,
        credential_expires_at timestamptz NOT NULL,
        last_seen_at timestamptz,
        -- Key shares released at online sign-in; set to NULL when the device is revoked (crypto-shredding).
        escrow_key text,
        lease_share text,
        revoked_at timestamptz,
        revoked_by text,
        revoked_reason text
      )`,
      `CREATE INDEX devices_by_provider ON devices (provider_number)`,
      `CREATE INDEX devices_by_enroller ON devices (enrolled_by)`,
      // Only the SHA-256 of an activation code is stored; a code enrolls one device for one staff member.
      `CREATE TABLE activation_codes (
        code_sha256 text PRIMARY KEY CHECK (code_sha256 ~ '^[0-9a-f]{64}$'),
        staff_id text NOT NULL REFERENCES staff (staff_id),
        device_name text NOT NULL,
        issued_by text,
        issued_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        device_id text REFERENCES devices (device_id),
        revoked_at timestamptz
      )`,
      `CREATE TABLE passkeys (
        credential_id text PRIMARY KEY,
        staff_id text NOT NULL REFERENCES staff (staff_id),
        device_id text REFERENCES devices (device_id),
        public_key text NOT NULL,
        counter bigint NOT NULL,
        transports jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz
      )`,
      `CREATE INDEX passkeys_by_staff ON passkeys (staff_id)`,
      // WebAuthn challenges are single-use: a replayed assertion finds its challenge used.
      `CREATE TABLE auth_challenges (
        challenge text PRIMARY KEY,
        purpose text NOT NULL CHECK (purpose IN ('registration', 'authentication')),
        device_id text NOT NULL,
        staff_id text,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`,
      `CREATE TABLE sessions (
        token_sha256 text PRIMARY KEY CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
        staff_id text NOT NULL REFERENCES staff (staff_id),
        device_id text NOT NULL REFERENCES devices (device_id),
        method text NOT NULL CHECK (method IN ('passkey', 'pin', 'activation')),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`,
      `CREATE INDEX sessions_by_staff ON sessions (staff_id)`,
      `CREATE INDEX sessions_by_device ON sessions (device_id)`,
      // Append-only, one chain for the platform: each entry carries the hash of the one before (see server/audit).
      `CREATE TABLE audit_log (
        seq bigint PRIMARY KEY CHECK (seq > 0),
        recorded_at timestamptz NOT NULL,
        occurred_at timestamptz NOT NULL,
        origin text NOT NULL CHECK (origin IN ('server', 'device')),
        action text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied', 'failed')),
        staff_id text,
        device_id text,
        provider_number text,
        insurer_number text,
        insured_number text,
        detail jsonb NOT NULL,
        source_address text,
        device_entry_id text,
        prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
      )`,
      `CREATE UNIQUE INDEX audit_log_device_entries ON audit_log (device_id, device_entry_id) WHERE device_entry_id IS NOT NULL`,
      `CREATE INDEX audit_log_by_provider ON audit_log (provider_number, seq)`,
      `CREATE INDEX audit_log_by_person ON audit_log (insurer_number, insured_number)`,
      // Defence in depth: ordinary SQL cannot change or remove an entry (verification catches a privileged one).
      `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'audit_log is append-only';
        END
      $$`,
      `CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
    ],
  },
  {
    version: 3,
    name: 'sync: per-device applied seq, notice acknowledgements and the per-provider sync log',
    statements: [
      // The last mutation seq applied for each device; locked (FOR UPDATE) by every push, so that pushes of one
      // device run one after the other and each mutation takes effect exactly once.
      `CREATE TABLE device_sync_state (
        device_id text PRIMARY KEY REFERENCES devices (device_id),
        last_applied_seq bigint NOT NULL CHECK (last_applied_seq >= 0),
        updated_at timestamptz NOT NULL
      )`,
      // A staff member saw a change notice; one row per (event, staff member), however often it is pushed.
      `CREATE TABLE notice_acknowledgements (
        insurer_number text NOT NULL,
        event_id bigint NOT NULL,
        provider_number text NOT NULL REFERENCES providers (provider_number),
        staff_id text NOT NULL REFERENCES staff (staff_id),
        acknowledged_at timestamptz NOT NULL,
        device_id text NOT NULL REFERENCES devices (device_id),
        PRIMARY KEY (insurer_number, event_id, staff_id),
        FOREIGN KEY (insurer_number, event_id) REFERENCES change_events (insurer_number, event_id)
      )`,
      // What changed for whom, per provider, in commit order (see server/sync/sync-log-store.ts): the pull reads
      // it after its cursor. Keyed by provider (the reader), so the primary key is the (provider_number, log_id)
      // index the pull pages through. No foreign key to insured: a tombstone outlives what it removes.
      `CREATE TABLE sync_log (
        provider_number text NOT NULL REFERENCES providers (provider_number),
        log_id bigserial NOT NULL,
        insurer_number text NOT NULL,
        insured_number text NOT NULL,
        op text NOT NULL CHECK (op IN ('upsert', 'remove')),
        logged_at timestamptz NOT NULL,
        PRIMARY KEY (provider_number, log_id)
      )`,
    ],
  },
  {
    version: 4,
    name: 'notices: acknowledgements in commit order, change events in commit order, the notices index',
    statements: [
      // The acknowledgement stream's position (NoticeAcknowledgement.ackSeq). The insert takes the sync log's
      // append lock first (server/sync/notice-acknowledgement-store.ts), so ack_seq values commit in order
      // and a reader paging by ack_seq never passes one that commits later.
      `ALTER TABLE notice_acknowledgements ADD COLUMN ack_seq bigserial NOT NULL`,
      // Unique (bigserial values are), with insurer_number in the key so the table can still be sharded by it.
      `CREATE UNIQUE INDEX notice_acknowledgements_by_seq ON notice_acknowledgements (ack_seq, insurer_number)`,
      // An office's own staff's acknowledgements, for the pages of offices other than a care manager's.
      `CREATE INDEX notice_acknowledgements_by_provider ON notice_acknowledgements (provider_number, ack_seq)`,
      // Change-event ids must also become visible in commit order, whoever inserts them (a feed, a paper
      // entry): every INSERT statement first takes the same transaction-scoped advisory lock as the sync log
      // (7_240_003, SYNC_LOG_LOCK_KEY in server/sync/sync-log-store.ts). A statement-level BEFORE trigger runs
      // before any row's default draws an id, so ids are drawn under the lock. One key for the sync log, the
      // change events and the acknowledgements: a transaction writing several of them can never wait on
      // another in a cycle.
      `CREATE FUNCTION change_events_commit_order() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_advisory_xact_lock(7240003);
          RETURN NULL;
        END
      $$`,
      `CREATE TRIGGER change_events_in_commit_order BEFORE INSERT ON change_events
        FOR EACH STATEMENT EXECUTE FUNCTION change_events_commit_order()`,
      // The notices page reads events after a cursor without the people list's own events.
      `CREATE INDEX change_events_notices ON change_events (event_id) WHERE detail->>'kind' <> 'insuredAdded'`,
    ],
  },
  {
    version: 5,
    name: 'sync: the reason each refused mutation was refused, for a device that asks again',
    statements: [
      // A push whose answer was lost is sent again; its mutations are then at or below the device's last
      // applied seq. Without this table a refused one would come back as a plain duplicate and its reason
      // would never reach the user.
      `CREATE TABLE device_rejected_mutations (
        device_id text NOT NULL,
        seq bigint NOT NULL,
        code text NOT NULL,
        rejected_at timestamptz NOT NULL,
        PRIMARY KEY (device_id, seq)
      )`,
    ],
  },
  {
    version: 6,
    name: 'courier keys: the keys that open what a service worker delivers with no page open',
    statements: [
      // One per online sign-in, bound to (device, staff member). The secret is kept like a device's key shares
      // (base64url text) and set to NULL when the key is revoked, so a revoked key can open nothing again.
      `CREATE TABLE courier_keys (
        key_id text PRIMARY KEY,
        device_id text NOT NULL REFERENCES devices (device_id),
        staff_id text NOT NULL REFERENCES staff (staff_id),
        secret text,
        issued_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        CHECK ((secret IS NULL) = (revoked_at IS NOT NULL))
      )`,
      `CREATE INDEX courier_keys_by_device ON courier_keys (device_id)`,
      `CREATE INDEX courier_keys_by_staff ON courier_keys (staff_id)`,
    ],
  },
];

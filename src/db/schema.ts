import type { ColumnType, Generated } from 'kysely';

/**
 * Tables owned by Mathaf (better-auth owns `user`, `session`, `account`, `verification`,
 * `organization`, `member` and `invitation`, created by its own migrations).
 *
 * Conventions, the same on SQLite and PostgreSQL:
 * - ids are UUIDv7 text (time-ordered, made in the application, safe to expose);
 * - timestamps are ISO 8601 UTC text, so they sort and compare the same on both engines;
 * - booleans are 0/1 integers;
 * - language-tagged and repeating values read only with their record are JSON text.
 */
export interface DB {
  museum: MuseumTable;
  authority: AuthorityTable;
  object: ObjectTable;
  object_date: ObjectDateTable;
  object_link: ObjectLinkTable;
  audit_event: AuditEventTable;
  location: LocationTable;
  object_movement: ObjectMovementTable;
  object_location: ObjectLocationTable;
  number_sequence: { museum_id: string; scope: string; value: number };
  object_entry: ObjectEntryTable;
  object_entry_item: { entry_id: string; object_id: string; position: number };
  acquisition: AcquisitionTable;
  condition_check: ConditionCheckTable;
  treatment: TreatmentTable;
  valuation: {
    id: string;
    museum_id: string;
    object_id: string;
    amount: string;
    currency: string;
    valued_on: string;
    valuer: string;
    reason: string;
    note: string | null;
    created_at: Timestamp;
    created_by: string | null;
  };
  insurance_policy: {
    id: string;
    museum_id: string;
    kind: string;
    insurer: string;
    policy_number: string;
    starts_on: string;
    ends_on: string;
    note: string | null;
    created_at: Timestamp;
  };
  deaccession: {
    id: string;
    museum_id: string;
    status: string;
    reason: string;
    disposal_method: string;
    recipient: string | null;
    proposed_by_label: string;
    proposed_at: Timestamp;
    decided_by_label: string | null;
    decided_at: Timestamp | null;
    decision_note: string | null;
    completed_at: Timestamp | null;
    version: number;
  };
  deaccession_item: { deaccession_id: string; object_id: string };
  incident: {
    id: string;
    museum_id: string;
    object_id: string;
    kind: string;
    occurred_on: string | null;
    discovered_on: string;
    circumstances: string;
    action_taken: string | null;
    reported_by_label: string;
    resolved_on: string | null;
    created_at: Timestamp;
  };
  loan: {
    id: string;
    number: string;
    lender_museum_id: string | null;
    borrower_museum_id: string | null;
    external_party: string | null;
    purpose: string;
    title: string;
    venues: Json;
    starts_on: string;
    ends_on: string;
    status: string;
    request_note: string | null;
    conditions: string | null;
    couriers: Json;
    agreement: Json | null;
    created_at: Timestamp;
    updated_at: Timestamp;
    version: number;
  };
  loan_object: {
    loan_id: string;
    object_id: string;
    position: number;
    insurance_amount: string | null;
    insurance_currency: string | null;
  };
  inventory: {
    id: string;
    museum_id: string;
    title: string;
    location_id: string | null;
    status: string;
    started_at: Timestamp;
    started_by_label: string;
    closed_at: Timestamp | null;
    confirmed: number;
  };
  inventory_item: {
    inventory_id: string;
    object_id: string;
    expected_location_id: string | null;
    status: string;
    found_location_id: string | null;
    checked_at: Timestamp | null;
    checked_by_label: string | null;
    note: string | null;
  };
  object_exit: {
    id: string;
    museum_id: string;
    number: string;
    exit_on: string;
    reason: string;
    recipient: string;
    note: string | null;
    created_by_label: string;
    created_at: Timestamp;
  };
  object_exit_item: { exit_id: string; object_id: string };
  object_right: {
    id: string;
    museum_id: string;
    object_id: string;
    kind: string;
    holder: string;
    licence: string | null;
    restrictions: string | null;
    starts_on: string | null;
    ends_on: string | null;
    created_at: Timestamp;
    media_id: string | null;
  };
  reproduction_request: {
    id: string;
    museum_id: string;
    requester: string;
    contact: string | null;
    purpose: string;
    description: string;
    object_ids: Json;
    status: string;
    licence: string | null;
    fee_amount: string | null;
    fee_currency: string | null;
    created_at: Timestamp;
    updated_at: Timestamp;
    version: number;
  };
  media: {
    id: string;
    museum_id: string;
    object_id: string;
    sha256: string;
    size: number;
    format: string;
    width: number | null;
    height: number | null;
    pages: number | null;
    original_name: string | null;
    storage_key: string;
    position: number;
    created_at: Timestamp;
    created_by_label: string;
    derivatives: Json | null;
    captions: Generated<Json>;
    rights: string | null;
    credit: string | null;
    is_main: Generated<number>;
    technical: Generated<Json>;
  };
  /** The search index: one document per object (the FTS5 table or the tsvector column beside it are the engines'). */
  search_doc: {
    doc_id: Generated<number>;
    object_id: string;
    museum_id: string;
    is_public: number;
    head: Generated<string>;
    head_stems: Generated<string>;
    exact: string;
    stems: string;
    updated_at: Timestamp;
    facets: Generated<string>;
  };
  search_term: { term: string };
  object_withdrawn: { object_id: string; museum_id: string; withdrawn_at: Timestamp };
  search_rebuild: {
    id: string;
    owner: string;
    empty_first: number;
    after_id: string | null;
    started_at: Timestamp;
    beat_at: Timestamp;
  };
  story: {
    id: string;
    museum_id: string;
    kind: string;
    slug: string;
    status: string;
    titles: Json;
    summaries: Json;
    sections: Json;
    published_at: Timestamp | null;
    created_at: Timestamp;
    updated_at: Timestamp;
    version: number;
  };
  media_batch: {
    id: string;
    museum_id: string;
    storage_key: string;
    status: string;
    entries: Json;
    created_by_label: string;
    created_at: Timestamp;
    updated_at: Timestamp;
    /** While saving: who holds the batch, until when (renewed as it goes). */
    claim: string | null;
    locked_until: Timestamp | null;
  };
  import_batch: {
    id: string;
    museum_id: string;
    filename: string;
    format: string;
    source_key: string;
    status: string;
    processed: Generated<number>;
    total: Generated<number>;
    mapping: Json | null;
    skip_rejected: Generated<number>;
    report: Json | null;
    error: string | null;
    created_by: string | null;
    created_by_label: string;
    created_at: Timestamp;
    finished_at: Timestamp | null;
  };
  import_row: {
    batch_id: string;
    object_id: string;
    row: number;
    action: string;
    before: Json | null;
    version: number;
  };
  import_authority: { batch_id: string; authority_id: string };
  partnership_post: {
    id: string;
    museum_id: string;
    kind: string;
    theme: string;
    title: string;
    body: string;
    lang: string;
    status: string;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  museum_message: {
    id: string;
    from_museum_id: string;
    from_label: string;
    to_museum_id: string;
    post_id: string | null;
    subject: string;
    body: string;
    created_at: Timestamp;
    read_at: Timestamp | null;
  };
  usage_count: { name: string; month: string; count: number };
  network_snapshot: { month: string; figures: Json; taken_at: Timestamp };
  focal_point: { user_id: string; country_iso2: string; appointed_at: Timestamp };
  directory_proposal: {
    id: string;
    kind: string;
    museum_id: string | null;
    country_iso2: string;
    entry: Json;
    contact: Json | null;
    proposed_by: string | null;
    proposed_by_label: string;
    status: string;
    reviewed_by_label: string | null;
    reviewed_at: Timestamp | null;
    review_note: string | null;
    created_at: Timestamp;
  };
  country: {
    iso2: string;
    iso3: string;
    names: Json;
    region: string;
    oic_joined: number | null;
    icesco_member: string;
  };
  harvest_source: {
    id: string;
    museum_id: string;
    name: string;
    base_url: string;
    metadata_prefix: string;
    set_spec: string | null;
    interval_hours: number;
    allow_private: Generated<number>;
    harvested_until: Timestamp | null;
    resume: Json | null;
    next_run_at: Timestamp | null;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  harvest_run: {
    id: string;
    source_id: string;
    mode: string;
    status: string;
    started_at: Timestamp;
    finished_at: Timestamp | null;
    report: Json;
  };
  harvested_record: {
    source_id: string;
    identifier: string;
    object_id: string;
    datestamp: string;
    url: string | null;
    seen_in: string;
  };
  import_mapping: { museum_id: string; name: string; mapping: Json; updated_at: Timestamp };
  job: {
    id: string;
    kind: string;
    payload: Json;
    status: string;
    attempts: number;
    run_after: Timestamp;
    locked_until: Timestamp | null;
    locked_by: Generated<string | null>;
    last_error: string | null;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  preservation_event: {
    id: string;
    museum_id: string | null;
    media_id: string | null;
    kind: string;
    at: Timestamp;
    outcome: string;
    detail: Json;
  };
  insured_object: { policy_id: string; object_id: string; amount: string; currency: string };
  acquisition_item: { acquisition_id: string; object_id: string; position: number; accession_number: string };
  api_token: ApiTokenTable;
  rate_limit: RateLimitTable;
  member_suspension: {
    museum_id: string;
    user_id: string;
    suspended_at: Timestamp;
    suspended_by: string | null;
  };
  // better-auth tables, only the columns Mathaf reads
  session: { id: string; userId: string; token: string; expiresAt: ColumnType<Date | string> };
  user: {
    id: string;
    name: string;
    email: string;
    platformRole: string | null;
    createdAt: ColumnType<Date | string>;
  };
  member: {
    id: string;
    organizationId: string;
    userId: string;
    role: string;
    createdAt: ColumnType<Date | string>;
  };
  organization: {
    id: string;
    name: string;
    slug: string;
    logo: string | null;
    metadata: string | null;
    createdAt: ColumnType<Date | string>;
  };
  invitation: {
    id: string;
    organizationId: string;
    email: string;
    role: string | null;
    status: string;
    expiresAt: ColumnType<Date | string>;
    createdAt: ColumnType<Date | string>;
    inviterId: string;
  };
}

type Json = string;
type Timestamp = string;

export interface MuseumTable {
  id: string; // the better-auth organization id
  slug: string;
  names: Json; // LangValue[]
  country_code: string | null;
  city: string | null;
  default_language: string;
  accession_pattern: Generated<string>;
  entry_pattern: Generated<string>;
  /** JSON array of the roles, beyond directors and registrars, that may read valuations and insurance. */
  valuation_readers: Generated<Json>;
  /** MuseumProfile as JSON. */
  profile: Generated<Json>;
  /** The harvest source that fills this museum (its records are read-only here), or null. */
  harvested_from: Generated<string | null>;
  /** What the directory says of it: its kind (national, art…), founding year, Wikidata id, and where these facts come from. */
  museum_type: Generated<string | null>;
  founded: Generated<number | null>;
  wikidata: Generated<string | null>;
  sources: Generated<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AuthorityTable {
  id: string;
  museum_id: string | null; // null: shared across the network
  type: string; // person | organization | place | concept
  scheme: string | null; // concepts: object_name, material, technique, culture, dynasty, period, subject
  labels: Json; // LangLabel[]
  label_text: string; // every label folded, for pick-lists
  sort_label: string;
  name_parts: Json | null; // Arabic name parts
  begin_year: number | null;
  end_year: number | null;
  dates_text: string | null;
  latitude: number | null;
  longitude: number | null;
  parent_id: string | null;
  external_ids: Json; // { wikidata?, viaf?, ulan?, tgn?, geonames?, aat? }
  note: Json; // LangValue[]
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

export interface ObjectTable {
  id: string;
  museum_id: string;
  accession_number: string;
  accession_sort: string;
  visibility: string; // draft | internal | public
  titles: Json;
  descriptions: Json;
  sort_title: string;
  other_numbers: Json;
  dimensions: Json;
  inscriptions: Json;
  provenance: Json;
  credit_line: Json;
  keywords: Json;
  rights: string | null;
  date_earliest: number | null;
  date_latest: number | null;
  date_review: number;
  /** accessioned | unaccessioned | returned | deaccessioned | lost */
  collection_status: Generated<string>;
  accessioned_at: Timestamp | null;
  /** not_started | photographed | processed | checked | published */
  digitization_status: Generated<string>;
  digitized_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by: string | null;
  updated_by: string | null;
  version: number;
}

export interface ObjectDateTable {
  object_id: string;
  position: number;
  label: string | null;
  expression: string;
  calendar: string;
  earliest: number | null;
  latest: number | null;
  approximate: number;
  uncertain: number;
  status: string; // parsed | undated | review
}

export interface ObjectLinkTable {
  object_id: string;
  role: string; // object_name | maker | material | technique | culture | dynasty | period | place | subject | collection
  position: number;
  authority_id: string;
  qualifier: string | null; // a maker's role, a place's role, an attribution
}

export interface AuditEventTable {
  id: string;
  museum_id: string | null;
  actor_id: string | null;
  actor_label: string;
  at: Timestamp;
  action: string; // create | update | delete
  entity_type: string;
  entity_id: string;
  changes: Json; // { field: [before, after] }
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface RateLimitTable {
  /** `scope:` and the HMAC-SHA-256 of what is counted (an address, an account), never the value itself */
  key: string;
  window_start: number;
  count: Generated<number>;
  /** seconds since the epoch after which the counter means nothing (the end of its window) */
  expires_at: Generated<number>;
}

export interface LocationTable {
  id: string;
  museum_id: string;
  parent_id: string | null;
  path: string;
  kind: string;
  code: string;
  names: Json;
  notes: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

export interface ObjectMovementTable {
  id: string;
  museum_id: string;
  object_id: string;
  from_location_id: string | null;
  to_location_id: string;
  moved_at: Timestamp;
  moved_by: string | null;
  moved_by_label: string;
  reason: string;
  note: string | null;
  batch_id: string;
}

export interface ObjectLocationTable {
  object_id: string;
  location_id: string;
  movement_id: string;
  moved_at: Timestamp;
}

export interface ObjectEntryTable {
  id: string;
  museum_id: string;
  number: string;
  entered_on: string;
  depositor_id: string | null;
  depositor_name: string | null;
  depositor_contact: string | null;
  reason: string;
  return_by: string | null;
  note: string | null;
  status: string; // open | accessioned | returned | closed
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

export interface AcquisitionTable {
  id: string;
  museum_id: string;
  reference: string;
  method: string;
  acquired_on: string;
  source_id: string | null;
  source_name: string | null;
  decision: Json; // { body, date, reference }
  documents: Json; // { title, reference }[]
  credit_line: Json; // LangValue[]
  note: string | null;
  created_at: Timestamp;
  created_by: string | null;
}

export interface ConditionCheckTable {
  id: string;
  museum_id: string;
  object_id: string;
  checked_on: string;
  checked_by: string | null;
  checker_label: string;
  context: string;
  overall: string;
  damages: Json;
  note: string | null;
  created_at: Timestamp;
  media_ids: Generated<Json>;
}

export interface TreatmentTable {
  id: string;
  museum_id: string;
  object_id: string;
  status: string;
  proposal: string;
  proposed_by_label: string;
  proposed_at: Timestamp;
  approved_by_label: string | null;
  approved_at: Timestamp | null;
  started_on: string | null;
  completed_on: string | null;
  materials: Json;
  report: string | null;
  recommendations: string | null;
  updated_at: Timestamp;
  version: number;
  before_media: Generated<Json>;
  after_media: Generated<Json>;
}

import type { EmulatorContext } from "../../runtime/emulator-context.js";
import type { CrmChanges, CrmIdColumns, CrmRepository, CrmTable, CrmTableRows } from "../../store/crm.js";
import type { Tenant } from "../../store/tenants.js";
import type { Carrier } from "../carriers/carrier.js";
import type { ReferenceCarriers } from "../carriers/references.js";
import type { DateCodec } from "../json/dates.js";
import type { Json } from "../json/lenient.js";
import type { Principal } from "../tenant-env.js";

/** What an entity description may use to show and read its entity, for one request. */
export interface EntityEnv {
  emulator: EmulatorContext;
  tenant: Tenant;
  principal: Principal;
  dates: DateCodec;
  crm: CrmRepository;
  refs: ReferenceCarriers;
  /** Stored UTC now, from the emulator's clock. */
  now: string;
  /** `{public-url}/{ContextIdentifier}/api/v1` */
  apiBase: string;
}

/**
 * One CRM entity: where it lives and how its rows become SuperOffice carriers and back. The REST and
 * Agents endpoints, conditional requests, ids and timestamps are the same for every entity
 * (entity-pipeline.ts); only these descriptions differ. `T` is its table: the rows it shows and reads
 * are that table's rows (src/store/crm-rows.ts).
 */
export interface EntityDescription<out T extends CrmTable = CrmTable> {
  /** REST path segment, Agent name and error wording: Contact, Person, Appointment, Sale, Project, Document. */
  name: "Contact" | "Person" | "Appointment" | "Sale" | "Project" | "Document";
  table: T;
  idColumn: CrmIdColumns[T];
  /** The carrier member holding the id, e.g. ContactId. */
  idMember: string;
  /** Entry in id_sequences. */
  sequence: string;
  /** Contacts and persons are soft-deleted on SOD (netserver.md §10). */
  softDelete: boolean;
  /** The row as the full `{Name}Entity` carrier. */
  show(row: CrmTableRows[T], env: EntityEnv): Carrier;
  /** The simple carrier returned by the `Get{Name}` agent method. */
  summary(row: CrmTableRows[T], env: EntityEnv): Carrier;
  /**
   * A new entity's row before the client's values: defaults from the current user and the tenant, with
   * `id` (0 for the unsaved entity `default` shows) and unsaved stamps (entity-pipeline.ts unsavedStamps).
   */
  defaults(env: EntityEnv, id: number): CrmTableRows[T];
  /**
   * Column values from a client's entity JSON (any member case), for a new row or an update of `existing`.
   * Read-only members are ignored; a reference to something missing in this tenant is a 400.
   */
  read(input: Json, env: EntityEnv, existing: CrmTableRows[T] | undefined): CrmChanges<T>;
  /** Fills what depends on the new id (e.g. a contact's number). */
  afterCreate?(row: CrmTableRows[T], env: EntityEnv): CrmTableRows[T];
  /**
   * Inside a save's transaction, once the row is stored: rows of its own child table the client sent
   * (a project's ProjectMembers). Answers nothing; a 400 rolls the whole save back.
   */
  saveChildren?(id: number, input: Json, env: EntityEnv): void;
  /** Inside the delete's transaction: what else goes with the row. */
  cascadeDelete?(row: CrmTableRows[T], env: EntityEnv): void;
  /** Agent methods only this entity has (netserver.md §7); each answers a row shown as the entity, or null. */
  agentMethods?: readonly EntityAgentMethod<T>[];
}

/** `POST Agents/{Entity}/{name}`: its arguments (query or body, any case) to the row it answers with. */
export interface EntityAgentMethod<out T extends CrmTable = CrmTable> {
  name: string;
  run(args: { value(name: string): unknown }, env: EntityEnv): CrmTableRows[T] | undefined;
}

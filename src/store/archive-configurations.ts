import type { Db } from "./database.js";

/** Which archive configuration: one user's view of one provider in one place of a GUI (ArchiveAgent). */
export interface ArchiveConfigurationKey {
  contextIdentifier: string;
  associateId: number;
  /** As the app spells it, lower-cased; '' for widths set without a provider (SetColumnWidths). */
  providerName: string;
  guiName: string;
  context: string;
  ownerKeys: string;
}

/** What the user chose; null where they chose nothing (the provider's defaults apply). */
export interface ArchiveConfigurationChoices {
  chosenColumns: string[] | null;
  chosenEntities: string[] | null;
  columnWidths: string[] | null;
}

type Choice = "chosen_columns" | "chosen_entities" | "column_widths";

interface Row {
  chosen_columns: string | null;
  chosen_entities: string | null;
  column_widths: string | null;
}

const KEY = "context_identifier = @contextIdentifier AND associate_id = @associateId AND provider_name = @providerName AND gui_name = @guiName AND archive_context = @context AND owner_keys = @ownerKeys";

const list = (json: string | null): string[] | null => (json === null ? null : (JSON.parse(json) as string[]));

export function archiveConfigurationRepository(db: Db) {
  const one = db.prepare<[ArchiveConfigurationKey], Row>(`SELECT chosen_columns, chosen_entities, column_widths FROM archive_configurations WHERE ${KEY}`);
  // One statement per choice: the column name is never built from input.
  const setters = new Map(
    (["chosen_columns", "chosen_entities", "column_widths"] as const).map((choice) => [
      choice,
      db.prepare<[ArchiveConfigurationKey & { value: string }]>(
        `INSERT INTO archive_configurations (context_identifier, associate_id, provider_name, gui_name, archive_context, owner_keys, ${choice})
         VALUES (@contextIdentifier, @associateId, @providerName, @guiName, @context, @ownerKeys, @value)
         ON CONFLICT DO UPDATE SET ${choice} = excluded.${choice}`,
      ),
    ]),
  );
  const set = (choice: Choice) => (key: ArchiveConfigurationKey, values: readonly string[]) => {
    setters.get(choice)!.run({ value: JSON.stringify(values), ...key });
  };
  return {
    get(key: ArchiveConfigurationKey): ArchiveConfigurationChoices | undefined {
      const row = one.get(key);
      return row && { chosenColumns: list(row.chosen_columns), chosenEntities: list(row.chosen_entities), columnWidths: list(row.column_widths) };
    },
    setChosenColumns: set("chosen_columns"),
    setChosenEntities: set("chosen_entities"),
    setColumnWidths: set("column_widths"),
  };
}

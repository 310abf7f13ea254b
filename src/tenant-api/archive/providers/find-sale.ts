import { associatePart } from "./associate-columns.js";
import {
  assoc,
  assocJoin,
  bool,
  contactJoin,
  date,
  dec,
  defineProvider,
  int,
  list,
  listJoin,
  nest,
  personJoin,
  stampColumns,
  str,
  unstored,
  ZERO,
} from "./columns.js";
import { contactPart } from "./contact-columns.js";
import { personPart } from "./person-columns.js";

/**
 * `FindSale` (netserver.md §5.5): the sales behind `GET /api/v1/Sale`, with the `contact/…`,
 * `person/…`, `associate/…` and `sale/…` groups. A reference to a soft-deleted company or person
 * resolves to nothing (its id column shows 0, as SuperOffice shows absent links).
 */
export const findSaleProvider = defineProvider({
  name: "FindSale",
  entityName: "sale",
  root: "sales s",
  parts: () => [
    {
      joins: [
        listJoin("cur", "currency", "s", "s.currency_id"),
        listJoin("stg", "salestage", "s", "s.sale_stage_id"),
        listJoin("st", "saletype", "s", "s.sale_type_id"),
        listJoin("src", "source", "s", "s.source_id"),
        assocJoin("sa", "s", "s.associate_id"),
        assocJoin("reg", "s", "s.created_by"),
        assocJoin("upd", "s", "s.updated_by"),
        contactJoin("c", "s", "s.contact_id"),
        personJoin("p", "s", "s.person_id"),
      ],
      columns: [
        int("saleId", "s.sale_id"),
        str("heading", "s.heading"),
        date("date", "s.saledate"),
        dec("amount", "s.amount"),
        dec("amountWeighted", "(s.amount * s.probability / 100.0)"),
        dec("earning", "s.earning"),
        dec("earningPercent", "(CASE WHEN s.amount = 0 THEN 0.0 ELSE s.earning * 100.0 / s.amount END)"),
        int("probPercent", "s.probability"),
        list("currency", "s.currency_id", "cur", "currency"),
        int("currencyId", "s.currency_id"),
        // Open, Sold, Lost or Stalled.
        str("saleStatus", "s.status"),
        list("stage", "s.sale_stage_id", "stg", "salestage"),
        str("stageName", "stg.name"),
        int("stageRank", "stg.rank"),
        list("saleType", "s.sale_type_id", "st", "saletype"),
        list("source", "s.source_id", "src", "source"),
        str("saleNumber", "s.number"),
        str("description", "s.sale_text"),
        // A sold or lost sale is done (as the Sale entity's Completed).
        bool("completed", "(s.status IN ('Sold', 'Lost'))"),
        // The earliest not-completed appointment linked to the sale.
        date(
          "nextDueDate",
          "(SELECT min(na.start_date) FROM appointments na WHERE na.context_identifier = s.context_identifier AND na.sale_id = s.sale_id AND na.completed <> 'Completed')",
        ),
        assoc("associateId", "s.associate_id", "sa"),
        int("contactId", "COALESCE(c.contact_id, 0)"),
        int("personId", "COALESCE(p.person_id, 0)"),
        int("projectId", "COALESCE(s.project_id, 0)"),
        int("userGroup", "sa.group_id"),
        ...stampColumns("s"),
        // Sales carry no visibility restriction in the emulator.
        unstored.str("visibleFor"),
        // Not stored by the emulator: competitors, credited users, reasons, reopen dates, quotes, guides.
        unstored.list("competitor"),
        unstored.list("credited"),
        unstored.list("lossReason"),
        unstored.list("soldReason"),
        unstored.list("stalledComment"),
        unstored.date("reopenDate"),
        unstored.bool("hasStakeholders"),
        unstored.bool("hasQuote"),
        unstored.bool("hasGuide"),
        unstored.bool("activeErpLinks"),
        unstored.int("sale/textId"),
        str("sale/description", "s.sale_text"),
      ],
    },
    nest("contact/", contactPart("c")),
    nest("person/", personPart("p")),
    nest("associate/", associatePart("sa")),
  ],
  where: "s.context_identifier = @ctx",
  primaryKey: "s.sale_id",
  defaultSelect: ["saleId", "heading", "amount", "saleStatus"],
  defaultOrder: "s.sale_id ASC",
});

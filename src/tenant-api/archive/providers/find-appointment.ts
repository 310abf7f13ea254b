import { associatePart } from "./associate-columns.js";
import {
  assoc,
  assocJoin,
  bool,
  contactJoin,
  date,
  datetime,
  dec,
  defineProvider,
  int,
  leftJoin,
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
import { personFullName, personPart } from "./person-columns.js";

// The task's type (Appointment, Phone, ToDo, Email) is what SuperOffice shows as icon and record type.
const taskType = "COALESCE(json_extract(t.attributes, '$.Type'), 'Appointment')";

/**
 * `FindAppointment` (netserver.md §5.5): the appointments behind `GET /api/v1/Appointment`, with the
 * `contact/…`, `person/…`, `associate/…`, `sale/…` and `project/…` groups. A reference to a soft-deleted
 * company or person resolves to nothing (its id column shows 0, as SuperOffice shows absent links).
 */
export const findAppointmentProvider = defineProvider({
  name: "FindAppointment",
  entityName: "appointment",
  root: "appointments a",
  parts: () => [
    {
      joins: [
        listJoin("t", "task", "a", "a.task_id"),
        assocJoin("aa", "a", "a.associate_id"),
        assocJoin("reg", "a", "a.created_by"),
        assocJoin("upd", "a", "a.updated_by"),
        contactJoin("c", "a", "a.contact_id"),
        personJoin("p", "a", "a.person_id"),
        leftJoin("sales", "s", "a", "sale_id", "a.sale_id"),
      ],
      columns: [
        int("appointmentId", "a.appointment_id"),
        date("date", "a.start_date"),
        datetime("time", "a.start_date"),
        date("endDate", "a.end_date"),
        datetime("endTime", "a.end_date"),
        list("type", "a.task_id", "t", "task"),
        str("icon", `CASE ${taskType} WHEN 'ToDo' THEN 'Task' ELSE ${taskType} END`),
        str("recordType", `CASE ${taskType} WHEN 'ToDo' THEN 'Todo' ELSE ${taskType} END`),
        str("text", "a.description"),
        str("location", "a.location"),
        assoc("associateId", "a.associate_id", "aa"),
        int("contactId", "COALESCE(c.contact_id, 0)"),
        int("personId", "COALESCE(p.person_id, 0)"),
        int("saleId", "COALESCE(s.sale_id, 0)"),
        // No projects in the emulator: every appointment has project 0, as SuperOffice shows "no project".
        int("projectId", "COALESCE(a.project_id, 0)"),
        int("userGroup", "aa.group_id"),
        bool("completed", "(a.completed = 'Completed')"),
        bool("alarm", "a.has_alarm"),
        bool("isFree", "a.is_free"),
        // AppointmentType and AppointmentStatus as numbers (inDiary = 1 …; NotStarted = 1, Started = 2, Completed = 3).
        int(
          "rawType",
          "CASE a.type WHEN 'inDiary' THEN 1 WHEN 'inChecklist' THEN 2 WHEN 'Note' THEN 3 WHEN 'Document' THEN 4 WHEN 'SavedReport' THEN 5 WHEN 'BookingForDiary' THEN 6 WHEN 'BookingForChecklist' THEN 7 WHEN 'MergeDraft' THEN 8 WHEN 'MergeFinal' THEN 9 ELSE 0 END",
        ),
        int("rawStatus", "CASE a.completed WHEN 'NotStarted' THEN 1 WHEN 'Started' THEN 2 WHEN 'Completed' THEN 3 ELSE 0 END"),
        // Public, PrivateUser or PrivateGroup.
        str("visibleFor", "a.private"),
        // Minutes from start to end.
        int("duration", "CAST(round((julianday(a.end_date) - julianday(a.start_date)) * 1440) AS INTEGER)"),
        // "Contact and/or company": the person's full name and the company's name (INFERRED format).
        str(
          "who",
          `CASE WHEN p.person_id IS NOT NULL AND c.contact_id IS NOT NULL THEN ${personFullName("p")} || ', ' || c.name ELSE COALESCE(${personFullName("p")}, c.name, '') END`,
        ),
        ...stampColumns("a"),
        // Not stored by the emulator: priorities, completion dates, repetition, invitations, milestones.
        unstored.list("priority"),
        unstored.date("completedDate"),
        unstored.bool("recurring"),
        unstored.bool("booking"),
        unstored.bool("isMilestone"),
        int("recurrenceRuleId", ZERO),
        int("invitedPersonId", ZERO),
        unstored.int("project/projectId"),
        unstored.str("project/name"),
        int("sale/saleId", "s.sale_id"),
        str("sale/heading", "s.heading"),
        str("sale/saleNumber", "s.number"),
        dec("sale/amount", "s.amount"),
        str("sale/saleStatus", "s.status"),
        date("sale/date", "s.saledate"),
        str("sale/description", "s.sale_text"),
      ],
    },
    nest("contact/", contactPart("c")),
    nest("person/", personPart("p")),
    nest("associate/", associatePart("aa")),
  ],
  where: "a.context_identifier = @ctx",
  primaryKey: "a.appointment_id",
  defaultSelect: ["appointmentId", "date", "text"],
  defaultOrder: "a.appointment_id ASC",
});

// `npm run bench`: runs each benchmark section in turn and prints its table. A section is an async
// function returning a Section (see helpers.ts); add new ones (e.g. req/s of endpoints) to SECTIONS.
// Every target of issue #19 prints as a `Target, <n> <name>: PASS|MISS (...)` line in its section. Misses are reported,
// not failed: the exit code is non-zero only if the harness breaks.
import { cpus, loadavg } from "node:os";
import { formatTable, type Section } from "./helpers.js";
import { startupBench } from "./startup.js";
import { superidBench } from "./superid.js";
import { tenantApiBench } from "./tenant-api.js";
import { integrationBench } from "./integration.js";
import { listsBench } from "./lists.js";
import { webhooksBench } from "./webhooks.js";

const ALL: Record<string, () => Promise<Section>> = { startup: startupBench, superid: superidBench, "tenant-api": tenantApiBench, integration: integrationBench, lists: listsBench, webhooks: webhooksBench };
// BENCH_ONLY=tenant-api,superid runs just those sections (while working on one of them).
const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
const SECTIONS = Object.entries(ALL)
  .filter(([name]) => !only || only.includes(name))
  .map(([, run]) => run);

const cpu = cpus();
const load = () => loadavg().map((l) => l.toFixed(2)).join(", ");
console.log(`sod-emulator bench: node ${process.version}, ${process.platform}/${process.arch}, ${cpu.length} x ${cpu[0]?.model ?? "unknown CPU"}; load average ${load()}`);

const targets: string[] = [];
for (const run of SECTIONS) {
  const section = await run();
  console.log(`\n${section.title}\n`);
  console.log(formatTable(section.columns, section.rows));
  if (section.notes.length > 0) console.log(`\n${section.notes.join("\n")}`);
  targets.push(...section.notes.filter((line) => line.startsWith("Target, ")));
}
// All verdicts together, so a run can be read at a glance (each is also under its own section's table).
console.log(`\nTargets (load average at the end: ${load()}):\n${targets.join("\n")}`);

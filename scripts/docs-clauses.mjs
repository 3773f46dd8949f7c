// Regenerates the clause tables in docs/<mechanism>.md from the built registry
// (run `npm run build` first). test/docs.test.ts checks they are current.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { formatClauses } from "../dist/cli/clauses.js";
import { clausesOf } from "../dist/spec/registry.js";

for (const mechanism of ["pipe", "fifo", "mq", "msg", "shm", "sem", "mutex", "signal", "stream", "dgram", "unix"]) {
  const file = new URL(`../docs/${mechanism}.md`, import.meta.url);
  if (!existsSync(file)) continue;
  const text = readFileSync(file, "utf8");
  const start = `<!-- clauses:${mechanism}:start -->\n`;
  const end = `<!-- clauses:${mechanism}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1) continue;
  const table = formatClauses(clausesOf(mechanism), "markdown");
  writeFileSync(file, text.slice(0, from + start.length) + table + text.slice(to));
  console.log(`docs/${mechanism}.md: ${clausesOf(mechanism).length} clauses`);
}

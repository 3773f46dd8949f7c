#!/usr/bin/env node
// The ipckit command. Runs the built CLI (dist/) on Node, Deno and Bun.
import { existsSync } from "node:fs";
import process from "node:process";

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("ipckit: dist/ is missing; run `npm run build` first (the published package ships it).\n");
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));

/**
 * Runtime edge: the files `ipckit grade init` writes for the grading
 * services courses use: Gradescope's autograder bundle (`setup.sh`,
 * `run_autograder`, the configuration) and GitHub Classroom's autograding
 * workflow (one step per counted clause, worth its points). The texts are
 * built by pure functions; {@link writeFiles} puts them on disk.
 *
 * @module
 */

import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { GradePlan } from "../../conformance/grade/plan.ts";

/** A file to write: its path relative to the output folder, text and whether it is executable. */
export interface InitFile {
  readonly path: string;
  readonly text: string;
  readonly executable?: boolean;
}

/** The configuration's file name in the bundles. */
import { CONFIG_FILE } from "./usage.ts";

export { CONFIG_FILE };

/**
 * A starter configuration for an assignment, with a fresh seed.
 *
 * @param seed - the class's seed
 * @returns the JSON text
 */
export function starterConfig(seed: number): string {
  const config = {
    $schema: "./node_modules/ipckit/schema/grade-config.schema.json",
    title: "IPC assignment",
    features: ["pipe", "mq"],
    points: { default: 1, levels: { optional: 0.5 } },
    partialCredit: "all",
    hidden: [],
    seed,
    timeoutMs: 2000,
    budgetSeconds: 300,
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * Gradescope's autograder bundle: zip these files (not their folder) and
 * upload the zip as the assignment's autograder.
 *
 * @param configText - the configuration's JSON text
 * @param version - the ipckit version to install
 * @returns the files
 */
export function gradescopeBundle(configText: string, version: string): InitFile[] {
  const setup = `#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image:
# it installs Node.js 20 and ipckit ${version} in /autograder/source.
set -euo pipefail
apt-get install -y --no-install-recommends ca-certificates curl
curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
apt-get install -y --no-install-recommends nodejs
cd /autograder/source
# A packed ipckit (npm pack) beside this script wins over the registry.
if ls ipckit-*.tgz >/dev/null 2>&1; then
  npm install --no-audit --no-fund ./ipckit-*.tgz
else
  npm install --no-audit --no-fund ipckit@${version}
fi
`;
  const run = `#!/usr/bin/env bash
# Gradescope runs this for every submission: ipckit grades the adapter found in
# /autograder/submission and writes /autograder/results/results.json.
cd /autograder/source
exec node node_modules/ipckit/bin/ipckit.js grade --gradescope --config /autograder/source/${CONFIG_FILE}
`;
  const readme = `# ipckit autograder for Gradescope

1. Edit \`${CONFIG_FILE}\` (its fields are described by ipckit's
   \`schema/grade-config.schema.json\` and in ipckit's docs/grading.md).
2. Zip the files of this folder, not the folder itself:
   \`cd <this folder> && zip -r ../autograder.zip .\`
3. Upload the zip as the assignment's autograder ("Ubuntu" base image).

Students submit a folder holding their adapter (\`adapter.ts\`, \`adapter.mts\`,
\`adapter.js\` or \`adapter.mjs\`, or the names \`entry\` gives); ipckit looks for
it at the top of the submission and up to two folders down.
`;
  return [
    { path: "setup.sh", text: setup, executable: true },
    { path: "run_autograder", text: run, executable: true },
    { path: CONFIG_FILE, text: configText },
    { path: "README.md", text: readme },
  ];
}

/** A YAML double-quoted scalar. */
function yamlString(text: string): string {
  return JSON.stringify(text);
}

/**
 * GitHub Classroom's autograding workflow for an assignment: one grading
 * run, then one step per counted clause that passes (worth the clause's
 * points) when the clause earned all its points, and the reporter that
 * sums them.
 *
 * @param plan - the assignment's plan
 * @param version - the ipckit version to install
 * @returns the files (the workflow)
 */
export function githubClassroomWorkflow(plan: GradePlan, version: string): InitFile[] {
  const ids = plan.clauses.map((clause) => clause.id.toLowerCase());
  const steps = plan.clauses.map(
    (clause, i) => `      - name: ${yamlString(`[${clause.id}] ${clause.rule}`)}
        id: ${ids[i]}
        uses: classroom-resources/autograding-command-grader@v1
        with:
          test-name: ${yamlString(clause.id)}
          command: npx --no-install ipckit grade check .ipckit-grade/results.json ${clause.id}
          timeout: 1
          max-score: ${clause.points}`,
  );
  const workflow = `# Written by \`ipckit grade init --github-classroom\`: grades the adapter in this
# repository with ipckit ${version} (configuration: ${CONFIG_FILE}), then gives each
# clause its points when all its tests pass.
name: Autograding Tests
on:
  - push
  - workflow_dispatch
  - repository_dispatch
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
      - name: Checkout code
        uses: actions/checkout@v4
      - name: Set up Node.js
        uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Grade with ipckit
        run: |
          npm install --no-save --no-audit --no-fund ipckit@${version}
          npx --no-install ipckit grade --github-classroom --config ${CONFIG_FILE}
${steps.join("\n")}
      - name: Autograding Reporter
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
${plan.clauses.map((_, i) => `          ${ids[i]!.toUpperCase()}_RESULTS: "\${{steps.${ids[i]}.outputs.result}}"`).join("\n")}
        with:
          runners: ${ids.join(",")}
`;
  return [{ path: ".github/workflows/classroom.yml", text: workflow }];
}

/**
 * Writes files under a folder, refusing to replace any unless told.
 *
 * @param out - the folder
 * @param files - the files
 * @param force - replace files that exist
 * @returns the paths written
 * @throws {Error} when a file exists and `force` is not set
 */
export function writeFiles(out: string, files: readonly InitFile[], force: boolean): string[] {
  const existing = files.map((f) => join(out, f.path)).filter((path) => existsSync(path));
  if (existing.length > 0 && !force) throw new Error(`would replace ${existing.join(", ")}; pass --force to replace`);
  const written: string[] = [];
  for (const file of files) {
    const path = join(out, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.text);
    if (file.executable === true) chmodSync(path, 0o755);
    written.push(path);
  }
  return written;
}

// Freezes the public surface: runs API Extractor on each subpath export of the
// package and compares its report with the one checked in under api/.
// In CI (or without --local) a difference fails; with --local the report is
// updated, to be reviewed and committed.
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";
import { fileURLToPath } from "node:url";
import process from "node:process";

const root = fileURLToPath(new URL("..", import.meta.url));
const local = process.argv.includes("--local");
const entries = {
  spec: "dist/spec/index.d.ts",
  reference: "dist/reference/index.d.ts",
  conformance: "dist/conformance/index.d.ts",
  vitest: "dist/conformance/vitest.d.ts",
};

let failed = false;
for (const [name, entry] of Object.entries(entries)) {
  const base = ExtractorConfig.loadFile(`${root}/api-extractor.json`);
  base.mainEntryPointFilePath = `<projectFolder>/${entry}`;
  base.apiReport = { ...base.apiReport, reportFileName: name };
  const config = ExtractorConfig.prepare({
    configObject: base,
    configObjectFullPath: `${root}/api-extractor.json`,
    packageJsonFullPath: `${root}/package.json`,
  });
  const result = Extractor.invoke(config, { localBuild: local, showVerboseMessages: false });
  if (!result.succeeded) {
    failed = true;
    console.error(
      `api-extractor: ${name}: ${result.errorCount} errors, ${result.warningCount} warnings` +
        (result.apiReportChanged ? " (the public API changed: run `npm run api:update`, review api/, commit)" : ""),
    );
  } else {
    console.log(`api-extractor: ${name}: public API ${result.apiReportChanged ? "report updated" : "unchanged"}`);
  }
}
process.exit(failed ? 1 : 0);

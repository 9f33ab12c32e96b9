// First-load JavaScript budget: gzip size of every script out/index.html references.
// Writes out/js-size.json and fails the build when over the budget (design.md: 250 KiB).
import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const BUDGET_KIB = 250;
const out = join(dirname(fileURLToPath(import.meta.url)), "..", "out");
const html = readFileSync(join(out, "index.html"), "utf8");
const srcs = [...new Set([...html.matchAll(/src="(\/_next\/[^"]+\.js)"/g)].map((m) => m[1]))].sort();
let total = 0;
const files = {};
for (const src of srcs) {
  const size = gzipSync(readFileSync(join(out, src)), { level: 9 }).length;
  files[src] = size;
  total += size;
}
const kib = Math.round((total / 1024) * 10) / 10;
writeFileSync(join(out, "js-size.json"), JSON.stringify({ first_load_js_gzip_kib: kib, budget_kib: BUDGET_KIB, files }, null, 2) + "\n");
console.log(`first-load JS (gzip): ${kib} KiB in ${srcs.length} files (budget ${BUDGET_KIB} KiB)`);
if (kib > BUDGET_KIB) {
  console.error("over budget");
  process.exit(1);
}

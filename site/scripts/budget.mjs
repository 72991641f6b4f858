// Checks the performance budget after `vite build`: the JavaScript the first screen loads
// (index.html's entry and the chunks it imports statically) must stay under 150 KB gzipped.
// Later screens are separate chunks and load when opened.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const LIMIT = 150 * 1024;
const dist = new URL("../dist/", import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(dist, ".vite/manifest.json"), "utf8"));
const entry = Object.values(manifest).find((c) => c.isEntry);

const seen = new Set();
const walk = (key) => {
  const chunk = manifest[key] ?? Object.values(manifest).find((c) => c.file === key);
  if (!chunk || seen.has(chunk.file)) return;
  seen.add(chunk.file);
  for (const dep of chunk.imports ?? []) walk(dep);
};
walk(Object.keys(manifest).find((k) => manifest[k] === entry));

let total = 0;
for (const file of seen) total += gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const lazy = Object.values(manifest).filter((c) => c.file.endsWith(".js") && !seen.has(c.file)).length;
const kb = (total / 1024).toFixed(1);
console.log(`first screen JS: ${kb} KB gzipped in ${seen.size} file(s), budget 150 KB; ${lazy} lazy chunk(s) for later screens`);
if (total > LIMIT) {
  console.error(`over budget by ${((total - LIMIT) / 1024).toFixed(1)} KB`);
  process.exit(1);
}

// dist/cjs holds CommonJS while the package is "type": "module": this file tells Node (and
// TypeScript, for the .d.ts beside it) which format the folder is.
import { writeFileSync } from "node:fs";

writeFileSync(new URL("./dist/cjs/package.json", import.meta.url), `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);

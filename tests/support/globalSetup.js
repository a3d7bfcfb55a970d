// Jest globalSetup: installs the package the way users install it, so that tests importing
// "pulumi-edu-org" get the copy under node_modules and the closure serializer captures providers by
// reference (`require("pulumi-edu-org/dist/...")`) instead of copying local code by value.
// `npm pack --ignore-scripts` of the built dist/, extracted into node_modules/pulumi-edu-org as a real
// directory (never a symlink). Its dependencies (node-fetch, ajv, the @pulumi/pulumi peer) resolve
// from the repository's node_modules. Skipped when dist/ and package.json are unchanged.
"use strict";
const path = require("node:path");
const { ROOT, installInto, ensureProgramDir } = require("../../scripts/pack.js");
const { locateFlatSpec } = require("./flatSpecLocation.js");

module.exports = async function globalSetup() {
    const started = Date.now();
    const r = installInto(path.join(ROOT, "node_modules"));
    ensureProgramDir();
    const spec = locateFlatSpec();
    if (spec.skipReason) console.log(`\n${spec.skipReason}`);
    if (r.installed && process.env.EDU_ORG_TEST_VERBOSE) {
        console.log(
            `\n[globalSetup] installed ${path.relative(ROOT, r.tarball)} into ${path.relative(ROOT, r.dir)} in ${Date.now() - started} ms`,
        );
    }
};

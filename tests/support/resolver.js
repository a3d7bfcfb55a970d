// Jest resolver: makes `pulumi-edu-org` (and its subpaths) resolve to the *installed* copy in
// node_modules/pulumi-edu-org (see globalSetup.js), the way a user's program resolves it.
//
// Why: the repository's own package.json is named pulumi-edu-org and has an "exports" map, so both
// Node and Jest apply package self-reference: `require("pulumi-edu-org")` from any file in the repo
// resolves to the repo's own dist/, which is not under node_modules, and the closure serializer then
// copies provider code by value instead of emitting `require("pulumi-edu-org/dist/...")`.
// Resolving with basedir = the installed package's directory turns the same self-reference to the
// installed copy, honouring its "exports" map exactly like a normal dependency lookup.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const PACKAGE = "pulumi-edu-org";

module.exports = (request, options) => {
    if (request === PACKAGE || request.startsWith(`${PACKAGE}/`)) {
        const installed = path.join(options.rootDir, "node_modules", PACKAGE);
        if (fs.existsSync(path.join(installed, "package.json"))) {
            return options.defaultResolver(request, { ...options, basedir: installed });
        }
    }
    return options.defaultResolver(request, options);
};

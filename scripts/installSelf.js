// Installs this package into its own node_modules/pulumi-edu-org the way users get it: `npm pack`,
// then the tarball extracted as a real directory. A symlink would not do: Node resolves it to a path
// outside node_modules, and the closure serializer would then copy provider code into __provider by
// value instead of emitting `require("pulumi-edu-org/dist/…")`. Skipped when dist/ is unchanged.
"use strict";
const { execFileSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

function hashTree(dir, hash = crypto.createHash("sha256")) {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) hashTree(p, hash);
        else hash.update(entry.name).update(fs.readFileSync(p));
    }
    return hash;
}

/**
 * @param root   the repository root
 * @param target where to install (default: root/node_modules/pulumi-edu-org)
 * @returns the installed directory
 */
function installSelf(root, target = path.join(root, "node_modules", "pulumi-edu-org")) {
    const dist = path.join(root, "dist");
    if (!fs.existsSync(path.join(dist, "provider", "index.js"))) {
        throw new Error("dist/ is missing: run `npm run build` first (npm test and npm run demo do)");
    }
    const digest = hashTree(dist).update(fs.readFileSync(path.join(root, "package.json"))).digest("hex");
    const stamp = path.join(target, ".installed-from");
    if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === digest) return target;

    const tmp = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "edu-org-pack-"));
    try {
        const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        const tarball = path.join(tmp, JSON.parse(out)[0].filename);
        execFileSync("tar", ["-xzf", tarball, "-C", tmp]);
        fs.rmSync(target, { recursive: true, force: true });
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.renameSync(path.join(tmp, "package"), target);
        fs.writeFileSync(stamp, digest);
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
    return target;
}

module.exports = { installSelf };

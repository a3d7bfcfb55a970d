// Packs the package exactly as it is published (`npm pack --ignore-scripts`) and installs the tarball
// the way users get it: extracted as a real directory under a node_modules. Shared by globalSetup.js
// (the repository's own node_modules), installPackage.ts (fresh program directories) and the demo.
// Plain CommonJS: Jest runs globalSetup without transforming it.
"use strict";
const { createHash } = require("node:crypto");
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const TMP = path.join(ROOT, "tests", ".tmp");
const TARBALL = path.join(TMP, "pulumi-edu-org.tgz");
const HASH_FILE = ".edu-org-pack-hash";

function listFiles(dir) {
    const out = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) out.push(...listFiles(full));
        else if (entry.isFile()) out.push(full);
    }
    return out;
}

/** Fails clearly when dist/ has not been built. */
function assertBuilt() {
    const dist = path.join(ROOT, "dist");
    const files = fs.existsSync(dist) ? listFiles(dist).filter((f) => f.endsWith(".js")) : [];
    if (files.length === 0) {
        throw new Error(
            `pulumi-edu-org: ${dist} is missing or has no .js files. The tests install the packed package, ` +
                "which is built from dist/: run `npm run build` first (`npm test` does it).",
        );
    }
}

/** Hash of everything that can go into the tarball: package.json, README, dist/. */
function contentHash() {
    const h = createHash("sha256");
    const files = [path.join(ROOT, "package.json"), path.join(ROOT, "README.md"), ...listFiles(path.join(ROOT, "dist"))]
        .filter((f) => fs.existsSync(f))
        .sort();
    for (const f of files) {
        h.update(path.relative(ROOT, f)).update("\0").update(fs.readFileSync(f)).update("\0");
    }
    return h.digest("hex");
}

/** Makes sure tests/.tmp/pulumi-edu-org.tgz holds the current content; returns {tarball, hash, packed}. */
function ensureTarball() {
    assertBuilt();
    fs.mkdirSync(TMP, { recursive: true });
    const hash = contentHash();
    const hashFile = `${TARBALL}.hash`;
    if (fs.existsSync(TARBALL) && fs.existsSync(hashFile) && fs.readFileSync(hashFile, "utf8") === hash) {
        return { tarball: TARBALL, hash, packed: false };
    }
    // Per-process pack directory, then an atomic rename: other engineers' runs may pack concurrently.
    const dest = fs.mkdtempSync(path.join(TMP, "pack-"));
    try {
        const npm = process.platform === "win32" ? "npm.cmd" : "npm";
        const json = execFileSync(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", dest], {
            cwd: ROOT,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
        const parsed = JSON.parse(json.slice(json.indexOf("[")));
        const file = path.join(dest, parsed[0].filename);
        fs.renameSync(file, TARBALL);
        fs.writeFileSync(hashFile, hash);
    } catch (e) {
        const detail = e && e.stderr ? `\n${e.stderr}` : "";
        throw new Error(`npm pack failed: ${e && e.message}${detail}`);
    } finally {
        fs.rmSync(dest, { recursive: true, force: true });
    }
    return { tarball: TARBALL, hash, packed: true };
}

/**
 * Extracts the tarball into `<nodeModules>/pulumi-edu-org` as a real directory (never a symlink:
 * Node resolves symlinks to their real path outside node_modules, and the closure serializer then
 * copies the code by value instead of emitting `require("pulumi-edu-org/...")`). Replaces any
 * previous copy. Skips the work when the installed copy carries the same content hash.
 */
function installInto(nodeModules, opts = {}) {
    const { tarball, hash } = ensureTarball();
    const target = path.join(nodeModules, "pulumi-edu-org");
    const marker = path.join(target, HASH_FILE);
    let isRealDir = false;
    try {
        isRealDir = fs.lstatSync(target).isDirectory();
    } catch {
        /* absent */
    }
    if (!opts.force && isRealDir && fs.existsSync(marker) && fs.readFileSync(marker, "utf8") === hash) {
        return { dir: target, installed: false, tarball };
    }
    fs.mkdirSync(nodeModules, { recursive: true });
    const staging = fs.mkdtempSync(path.join(nodeModules, ".pulumi-edu-org-"));
    try {
        // npm tarballs hold one top-level "package/" directory. tar is on every Debian/Ubuntu system.
        execFileSync("tar", ["-xzf", tarball, "-C", staging, "--strip-components=1"], {
            stdio: ["ignore", "ignore", "pipe"],
        });
        fs.writeFileSync(path.join(staging, HASH_FILE), hash);
        fs.chmodSync(staging, 0o755); // mkdtemp creates 0700

        const old = `${staging}.old`;
        let hadOld = false;
        try {
            fs.renameSync(target, old); // a directory, a symlink or a file: moved aside whatever it is
            hadOld = true;
        } catch (e) {
            if (e.code !== "ENOENT") throw e;
        }
        fs.renameSync(staging, target);
        if (hadOld) fs.rmSync(old, { recursive: true, force: true });
    } finally {
        fs.rmSync(staging, { recursive: true, force: true });
    }
    return { dir: target, installed: true, tarball };
}

/**
 * tests/.tmp/program: an empty "user program" directory (its own package.json, no node_modules), the
 * default cwd for the mock engine and the provider host. From there `require("pulumi-edu-org/...")`
 * walks up to the installed copy in the repository's node_modules. From the repository root it would
 * not: the root package.json is pulumi-edu-org itself, and Node's package self-reference would load
 * the repository's dist/ instead of what was packed.
 */
const PROGRAM_DIR = path.join(TMP, "program");
function ensureProgramDir() {
    const pkg = path.join(PROGRAM_DIR, "package.json");
    if (!fs.existsSync(pkg)) {
        fs.mkdirSync(PROGRAM_DIR, { recursive: true });
        fs.writeFileSync(pkg, JSON.stringify({ name: "edu-org-test-program", private: true }, null, 2) + "\n");
    }
    return PROGRAM_DIR;
}

module.exports = {
    ROOT,
    TMP,
    TARBALL,
    PROGRAM_DIR,
    ensureProgramDir,
    assertBuilt,
    contentHash,
    ensureTarball,
    installInto,
};

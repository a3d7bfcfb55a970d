// Installs the packed package into a fresh program directory, as a user's `npm install pulumi-edu-org`
// would: tests/.tmp/<name>/node_modules/pulumi-edu-org is the extracted tarball (a real directory),
// and its dependencies are symlinked from the repository's node_modules (symlinks are fine for them:
// they resolve to real paths that are still under a node_modules). The serialization layer then runs
// a child `node` process there, so that closure serialization sees the package exactly as users have it.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { installInto, ROOT, TMP } from "../../scripts/pack";

export interface ProgramDir {
    /** tests/.tmp/<name> */
    dir: string;
    nodeModules: string;
    /** <dir>/node_modules/pulumi-edu-org */
    packageDir: string;
    tarball: string;
    /** Writes a file relative to dir; returns its absolute path. */
    writeFile(relative: string, content: string): string;
    /** Runs `node <file>` (relative to dir) with cwd = dir. */
    runNode(
        file: string,
        opts?: { env?: NodeJS.ProcessEnv; args?: string[]; timeoutMs?: number },
    ): { status: number | null; stdout: string; stderr: string };
}

export interface InstallOptions {
    /** Extra packages to link from the repository's node_modules (besides dependencies and peers). */
    link?: readonly string[];
    /** Keep an existing directory instead of starting fresh (default false). */
    keep?: boolean;
}

/** Installs the packed pulumi-edu-org into tests/.tmp/<name> (a fresh directory unless `keep`). */
export function installPackage(name: string, opts: InstallOptions = {}): ProgramDir {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`installPackage: invalid directory name ${name}`);
    const dir = path.join(TMP, name);
    if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
    const nodeModules = path.join(dir, "node_modules");
    fs.mkdirSync(nodeModules, { recursive: true });
    const { dir: packageDir, tarball } = installInto(nodeModules, { force: !opts.keep });

    const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8"));
    const deps = new Set<string>([
        ...Object.keys(manifest.dependencies ?? {}),
        ...Object.keys(manifest.peerDependencies ?? {}),
        ...(opts.link ?? []),
    ]);
    for (const dep of deps) {
        const source = path.join(ROOT, "node_modules", dep);
        if (!fs.existsSync(source)) continue; // optional peer not installed in the repo
        const link = path.join(nodeModules, dep);
        fs.mkdirSync(path.dirname(link), { recursive: true });
        if (!fs.existsSync(link)) fs.symlinkSync(source, link, "dir");
    }
    const pkgJson = path.join(dir, "package.json");
    if (!fs.existsSync(pkgJson)) {
        fs.writeFileSync(
            pkgJson,
            JSON.stringify(
                {
                    name,
                    private: true,
                    main: "index.js",
                    dependencies: { "pulumi-edu-org": `file:${path.relative(dir, tarball)}` },
                },
                null,
                2,
            ),
        );
    }

    return {
        dir,
        nodeModules,
        packageDir,
        tarball,
        writeFile(relative, content) {
            const file = path.join(dir, relative);
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, content);
            return file;
        },
        runNode(file, runOpts = {}) {
            const env = { ...process.env, ...runOpts.env };
            delete env.PULUMI_CONFIG; // setAllConfig in this process must not leak into the child
            delete env.PULUMI_CONFIG_SECRET_KEYS;
            const r = spawnSync(process.execPath, [file, ...(runOpts.args ?? [])], {
                cwd: dir,
                env,
                encoding: "utf8",
                timeout: runOpts.timeoutMs ?? 60000,
            });
            if (r.error) throw r.error;
            return { status: r.status, stdout: r.stdout, stderr: r.stderr };
        },
    };
}

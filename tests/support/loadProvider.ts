// Loads a serialized dynamic provider (`__provider` text) the way the SDK host does: require-from-string
// semantics, i.e. a fresh CommonJS module compiled from the text whose require() resolves from the
// host's cwd, then `.handler()`. Uses Node's real loader even under Jest (core modules come from the
// outer realm), so provider code runs outside Jest's module registry, as it would in the host.
//
// A `ProviderRealm` emulates one provider *process*: modules of the isolated packages (by default
// pulumi-edu-org, and any file outside node_modules) are loaded into a private module cache, so two
// realms never share module-level state (the config set by `configure`, list caches). The engine runs
// one plugin process per provider (default provider, each explicit provider) and a fresh one per
// `pulumi` command; the mock engine creates one realm per provider per run to match. Shared
// dependencies (@pulumi/pulumi, node-fetch, ...) still come from Node's global cache: loading them
// again per realm would cost seconds and they hold no per-provider state.
import Module = require("node:module");
import * as path from "node:path";

/** Node's CommonJS Module class, with the internals the host's loader (require-from-string) relies on. */
interface NodeModule {
    exports: any;
    filename: string;
    paths: string[];
    require(id: string): any;
    load(filename: string): void;
    _compile(content: string, filename: string): any;
}
interface ModuleCtor {
    new (id: string, parent?: NodeModule): NodeModule;
    _nodeModulePaths(dir: string): string[];
    _resolveFilename(request: string, parent: NodeModule, isMain?: boolean): string;
    isBuiltin(id: string): boolean;
    prototype: NodeModule;
}
const NodeModuleCtor = Module as unknown as ModuleCtor;

export interface ProviderRealm {
    /** Directory the serialized text's bare `require(...)` calls resolve from (the host's cwd). */
    readonly cwd: string;
    /** Private module cache: filename → module. */
    readonly cache: Map<string, NodeModule>;
    /** Whether a resolved filename is loaded privately in this realm. */
    readonly isolate: (filename: string) => boolean;
}

export interface RealmOptions {
    cwd?: string;
    /** Package names whose files get private copies in the realm (default: ["pulumi-edu-org"]). */
    isolatePackages?: readonly string[];
    /** Full override of the isolation rule. */
    isolate?: (filename: string) => boolean;
}

const NM = `${path.sep}node_modules${path.sep}`;

/** A new emulated provider process: its own copies of the isolated packages' modules. */
export function createRealm(opts: RealmOptions = {}): ProviderRealm {
    const pkgs = opts.isolatePackages ?? ["pulumi-edu-org"];
    const isolate =
        opts.isolate ??
        ((filename: string) => {
            const i = filename.lastIndexOf(NM);
            if (i < 0) return true; // local code outside node_modules (tests' fixtures, by-path requires)
            const rest = filename.slice(i + NM.length).split(path.sep);
            const name = rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
            return pkgs.includes(name);
        });
    return { cwd: path.resolve(opts.cwd ?? process.cwd()), cache: new Map(), isolate };
}

function realmRequire(realm: ProviderRealm, parent: NodeModule): (request: string) => any {
    return (request: string) => {
        if (NodeModuleCtor.isBuiltin(request)) return NodeModuleCtor.prototype.require.call(parent, request);
        const filename = NodeModuleCtor._resolveFilename(request, parent, false);
        if (!realm.isolate(filename)) return NodeModuleCtor.prototype.require.call(parent, request);
        const cached = realm.cache.get(filename);
        if (cached) return cached.exports;
        const child = new NodeModuleCtor(filename, parent);
        child.filename = filename;
        child.paths = NodeModuleCtor._nodeModulePaths(path.dirname(filename));
        // Module.prototype._compile hands the module code a require() that calls `mod.require`, so
        // overriding it per instance keeps the whole dependency graph inside the realm.
        child.require = realmRequire(realm, child);
        realm.cache.set(filename, child);
        try {
            child.load(filename);
        } catch (e) {
            realm.cache.delete(filename);
            throw e;
        }
        return child.exports;
    };
}

/**
 * Compiles serialized provider text and returns `exports.handler()` (the provider object).
 * `where` is either the cwd (plain host semantics: Node's global module cache) or a realm.
 */
export function loadSerializedProvider(text: string, where: string | ProviderRealm = process.cwd()): any {
    const realm = typeof where === "string" ? undefined : where;
    const cwd = realm ? realm.cwd : path.resolve(where as string);
    const filename = path.join(cwd, "__pulumi_dynamic_provider__.js");
    const m = new NodeModuleCtor(filename, undefined);
    m.filename = filename;
    m.paths = NodeModuleCtor._nodeModulePaths(cwd);
    if (realm) m.require = realmRequire(realm, m);
    m._compile(text, filename);
    if (typeof m.exports.handler !== "function") {
        throw new Error(
            `serialized provider text does not export a handler function (exports: ${Object.keys(m.exports).join(", ")})`,
        );
    }
    return m.exports.handler();
}

/**
 * The outer realm's globalThis (the one provider code loaded by `loadSerializedProvider` sees). Under
 * Jest the test file runs in a vm context whose `console` differs from it, so capturing what provider
 * code logs means wrapping this realm's console too.
 */
export function outerGlobal(): typeof globalThis {
    const filename = path.join(process.cwd(), "__outer_global__.js");
    const m = new NodeModuleCtor(filename, undefined);
    m.filename = filename;
    m._compile("module.exports = globalThis;", filename);
    return m.exports;
}
